package ai.avala.pipeline.sandbox;

import java.util.Map;

/**
 * Where simulated happenings go as webhook events of an organisation.
 */
interface EventSink {

	/** Whether anyone listens, so callers can skip building bodies nobody will receive. */
	boolean wants(String orgId, String event);

	void publish(String orgId, String event, Map<String, Object> body);

}
