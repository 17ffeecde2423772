package ai.avala.pipeline.schedule;

import java.util.List;

/** Asks the runs a stopping scheduler still has going to stop at their next safe point. */
@FunctionalInterface
public interface RunStopper {

	/** Requests the stop and returns how many executions were asked to stop. */
	int stop(List<ScheduledRun> running);

}
