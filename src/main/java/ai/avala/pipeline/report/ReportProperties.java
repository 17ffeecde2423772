package ai.avala.pipeline.report;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where run reports go. Bound from {@code avala.pipeline.*} (the lease's settings share the prefix).
 *
 * @param reportsDirectory the folder of {@code <name>-<runDate>.json} and {@code .md}; relative to the working
 * directory; created when missing
 */
@ConfigurationProperties("avala.pipeline")
public record ReportProperties(@DefaultValue("./reports") Path reportsDirectory) {

}
