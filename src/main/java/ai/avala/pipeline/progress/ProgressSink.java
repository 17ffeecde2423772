package ai.avala.pipeline.progress;

import java.io.PrintStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where progress lines go: on a terminal, one line rewritten in place on stderr; otherwise (logs, cron) a log
 * line each time, since a carriage return would only clutter a file.
 */
public interface ProgressSink {

	/** Shows the progress so far. */
	void show(String line);

	/** The work ended after at least one line was shown; {@code line} is its final state. */
	void end(String line);

	/** A terminal sink when this process has one (stdin and stdout not redirected), else the log. */
	static ProgressSink forThisProcess() {
		return (System.console() != null) ? terminal(System.err) : log();
	}

	static ProgressSink log() {
		Logger log = LoggerFactory.getLogger(ProgressReporter.class);
		return new ProgressSink() {

			@Override
			public void show(String line) {
				log.info(line);
			}

			@Override
			public void end(String line) {
				// The step logs its own summary; a last progress line would repeat it.
			}

		};
	}

	/** Rewrites one line with '\r', padding over what a longer previous line left, and ends it with a newline. */
	static ProgressSink terminal(PrintStream err) {
		return new ProgressSink() {

			private int width;

			@Override
			public synchronized void show(String line) {
				err.print("\r" + line + " ".repeat(Math.max(0, this.width - line.length())));
				err.flush();
				this.width = line.length();
			}

			@Override
			public synchronized void end(String line) {
				show(line);
				err.println();
			}

		};
	}

}
