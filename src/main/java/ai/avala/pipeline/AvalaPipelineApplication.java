package ai.avala.pipeline;

import ai.avala.pipeline.cli.PipelineCommandLine;
import ai.avala.pipeline.jvm.ShortUploadJit;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * avala-pipeline: runs the Avala annotation lifecycle (upload, clone, approve, wait, export) as a restartable
 * Spring Batch job. {@code main} parses the command line first; only commands that need the job repository
 * start a Spring context.
 */
@SpringBootApplication
public class AvalaPipelineApplication {

	public static void main(String[] args) {
		ShortUploadJit.noteCommand(args);
		int code = new PipelineCommandLine(System.getenv(), System.out, System.err).execute(args);
		// Always exit explicitly: Quartz's worker threads are not daemons and would keep the JVM alive.
		System.exit(code);
	}

}
