package ai.avala.pipeline.cli;

import java.io.PrintStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import ai.avala.pipeline.lifecycle.AnnotationLifecycleJobConfiguration;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;

/**
 * {@code run <job-file> --from DATE --to DATE}: runs each date of the range in turn, as Airflow's backfill does. A
 * date whose run completed is skipped (a look-up, nothing else); a failed or stopped one resumes where it
 * failed; a new one starts. The first failure ends the backfill unless asked to go on; a stop request always
 * ends it. One line per date, a summary at the end; the exit code is the first failure's (0 when none).
 */
final class Backfill {

	/** A year and a day: a longer range is more likely a typo than a plan. */
	static final int MAX_DAYS = 366;

	private final JobRepository jobRepository;

	private final PrintStream out;

	private final PrintStream err;

	private final boolean continueOnFailure;

	private final Consumer<Summary> summary;

	/** @param summary told the backfill's counts at its end ({@code run --json}'s {@code backfill.finished}) */
	Backfill(JobRepository jobRepository, PrintStream out, PrintStream err, boolean continueOnFailure,
			Consumer<Summary> summary) {
		this.jobRepository = jobRepository;
		this.out = out;
		this.err = err;
		this.continueOnFailure = continueOnFailure;
		this.summary = summary;
	}

	/**
	 * @param name the job's name, for the lines
	 * @param parametersOf the job parameters of one date's run
	 * @param run runs one date's run and gives its exit code (a failure outside the job already reported)
	 */
	int run(String name, Range range, Function<LocalDate, JobParameters> parametersOf, DateRun run) {
		Tally tally = new Tally();
		for (LocalDate date = range.from(); !date.isAfter(range.to()); date = date.plusDays(1)) {
			JobParameters parameters = parametersOf.apply(date);
			if (completed(parameters)) {
				tally.skipped++;
				this.out.println("Backfill " + name + " " + date + ": skipped, already completed");
				continue;
			}
			int code = run.run(parameters);
			tally.count(code);
			this.out.println("Backfill " + name + " " + date + ": " + ((code == 0) ? "completed" : "failed (exit " + code + ")"));
			if (code != 0 && (!this.continueOnFailure || code == ExitCode.STOPPED.code())) {
				tally.notRun = ChronoUnit.DAYS.between(date, range.to());
				break;
			}
		}
		this.summary.accept(new Summary(range.from().toString(), range.to().toString(), tally.completed,
				tally.skipped, tally.failed, tally.notRun, tally.firstFailure));
		PrintStream summary = (tally.firstFailure == 0) ? this.out : this.err;
		summary.println(((tally.firstFailure == 0) ? "" : "avala-pipeline: ") + "backfill " + name + " " + range.from()
				+ ".." + range.to() + ": " + tally + ((tally.notRun > 0) ? "; fix the failure and run the same command "
						+ "again to go on (completed dates are skipped)" : ""));
		return tally.firstFailure;
	}

	private boolean completed(JobParameters parameters) {
		JobExecution last = this.jobRepository.getLastJobExecution(AnnotationLifecycleJobConfiguration.JOB_NAME,
				parameters);
		return last != null && last.getStatus() == BatchStatus.COMPLETED;
	}

	/** The dates of a backfill, checked: from not after to, at most {@value #MAX_DAYS} days. */
	record Range(LocalDate from, LocalDate to) {

		static Range parse(String from, String to) {
			if (from == null || to == null) {
				throw new UsageException("--from and --to go together: give both, e.g. --from 2026-11-01 --to 2026-11-07");
			}
			Range range = new Range(date("--from", from), date("--to", to));
			if (range.from().isAfter(range.to())) {
				throw new UsageException("--from " + from + " is after --to " + to + "; give the earlier date first");
			}
			long days = ChronoUnit.DAYS.between(range.from(), range.to()) + 1;
			if (days > MAX_DAYS) {
				throw new UsageException("--from " + from + " --to " + to + " spans " + days + " days, more than "
						+ MAX_DAYS + "; backfill at most a year at a time");
			}
			return range;
		}

		private static LocalDate date(String option, String value) {
			try {
				return LocalDate.parse(value);
			}
			catch (DateTimeParseException ex) {
				throw new UsageException(option + " '" + value + "' is not a date; write it as yyyy-MM-dd, e.g. 2026-11-29");
			}
		}

	}

	/** What a backfill did: dates completed, skipped (completed before), failed and not run, and its exit code. */
	record Summary(String from, String to, int completed, int skipped, int failed, long notRun, int exitCode) {
	}

	@FunctionalInterface
	interface DateRun {

		int run(JobParameters parameters);

	}

	private static final class Tally {

		int completed;

		int skipped;

		int failed;

		long notRun;

		int firstFailure;

		void count(int code) {
			if (code == 0) {
				this.completed++;
				return;
			}
			this.failed++;
			if (this.firstFailure == 0) {
				this.firstFailure = code;
			}
		}

		@Override
		public String toString() {
			return this.completed + " completed, " + this.skipped + " skipped (already completed), " + this.failed
					+ " failed, " + this.notRun + " not run" + ((this.firstFailure != 0) ? "; exit " + this.firstFailure : "");
		}

	}

}
