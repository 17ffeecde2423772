package ai.avala.pipeline.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Prometheus text format, parsed as a scraper would: one sample per line, {@code name{label="value",...} value}.
 * Comments ({@code # HELP}, {@code # TYPE}) are skipped.
 */
public final class Scrape {

	private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? (\\S+)$");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

	private final List<Sample> samples;

	private Scrape(List<Sample> samples) {
		this.samples = samples;
	}

	public static Scrape parse(String text) {
		List<Sample> samples = new ArrayList<>();
		for (String line : text.split("\n")) {
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			Matcher matcher = SAMPLE.matcher(line.strip());
			if (!matcher.matches()) {
				throw new IllegalArgumentException("not a sample line: " + line);
			}
			Map<String, String> labels = new LinkedHashMap<>();
			if (matcher.group(3) != null) {
				Matcher label = LABEL.matcher(matcher.group(3));
				while (label.find()) {
					labels.put(label.group(1), label.group(2));
				}
			}
			samples.add(new Sample(matcher.group(1), labels, Double.parseDouble(matcher.group(4))));
		}
		return new Scrape(samples);
	}

	public List<Sample> samples(String name) {
		return this.samples.stream().filter((s) -> s.name().equals(name)).toList();
	}

	/** The sum of a metric's samples whose labels pass {@code labels}. */
	public double sum(String name, Predicate<Map<String, String>> labels) {
		return samples(name).stream().filter((s) -> labels.test(s.labels())).mapToDouble(Sample::value).sum();
	}

	public double sum(String name) {
		return sum(name, (labels) -> true);
	}

	/** A metric's samples summed by the value of one label. */
	public Map<String, Double> sumBy(String name, String label, Predicate<Map<String, String>> labels) {
		Map<String, Double> sums = new LinkedHashMap<>();
		samples(name).stream()
			.filter((s) -> labels.test(s.labels()))
			.forEach((s) -> sums.merge(s.labels().get(label), s.value(), Double::sum));
		return sums;
	}

	/** One sample. */
	public record Sample(String name, Map<String, String> labels, double value) {
	}

}
