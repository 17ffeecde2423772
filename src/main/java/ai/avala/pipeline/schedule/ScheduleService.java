package ai.avala.pipeline.schedule;

import java.time.Clock;
import java.util.Collection;

import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's life: register the schedules and start firing; on stop, fire nothing more, stop the runs
 * going (restartably) and shut Quartz down once they have ended.
 */
public final class ScheduleService {

	private static final Logger logger = LoggerFactory.getLogger(ScheduleService.class);

	private final Scheduler scheduler;

	private final ScheduleFirer firer;

	private final RunStopper stopper;

	public ScheduleService(Scheduler scheduler, ScheduleFirer firer, RunStopper stopper) {
		this.scheduler = scheduler;
		this.firer = firer;
		this.stopper = stopper;
	}

	/** Registers the schedules, then starts firing; missed fires are handled by each schedule's misfire policy. */
	public void start(Collection<ScheduleDefinition> schedules, Clock clock) throws SchedulerException {
		this.scheduler.getContext().put(ScheduleFireJob.FIRER, this.firer);
		new ScheduleRegistrar(this.scheduler, clock).sync(schedules);
		this.scheduler.start();
		logger.info("Scheduler started with {} enabled schedule(s)",
				schedules.stream().filter(ScheduleDefinition::enabled).count());
	}

	/** Stops the scheduler; returns how many running executions were asked to stop. */
	public int stop() throws SchedulerException {
		this.scheduler.standby();
		this.firer.close();
		int stopped = this.stopper.stop(this.firer.running());
		// Waits for the stopped runs to reach their safe point and be recorded as STOPPED.
		this.scheduler.shutdown(true);
		logger.info("Scheduler stopped{}", (stopped > 0) ? "; " + stopped + " run(s) stopped, restartable" : "");
		return stopped;
	}

}
