package ai.avala.pipeline.sandbox;

import java.time.Duration;

/**
 * How long simulated annotation takes, in active (not paused) simulated time.
 */
record AnnotationTiming(Duration taskCreationDelay, Duration annotationDuration) {
}
