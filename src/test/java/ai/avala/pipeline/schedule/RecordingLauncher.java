package ai.avala.pipeline.schedule;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A launcher stand-in: records each run and, if asked, holds it until released (a run that takes long). */
final class RecordingLauncher implements ScheduledRunLauncher {

	private final List<ScheduledRun> started = new CopyOnWriteArrayList<>();

	private final List<ScheduledRun> ended = new CopyOnWriteArrayList<>();

	private final CountDownLatch release;

	private RecordingLauncher(boolean blocking) {
		this.release = new CountDownLatch(blocking ? 1 : 0);
	}

	static RecordingLauncher immediate() {
		return new RecordingLauncher(false);
	}

	static RecordingLauncher blocking() {
		return new RecordingLauncher(true);
	}

	@Override
	public int launch(ScheduledRun run) throws InterruptedException {
		this.started.add(run);
		try {
			// Bounded, so that a failing test cannot hang the build.
			return this.release.await(30, TimeUnit.SECONDS) ? 0 : 5;
		}
		finally {
			this.ended.add(run);
		}
	}

	void release() {
		this.release.countDown();
	}

	List<ScheduledRun> started() {
		return List.copyOf(this.started);
	}

	List<ScheduledRun> ended() {
		return List.copyOf(this.ended);
	}

}
