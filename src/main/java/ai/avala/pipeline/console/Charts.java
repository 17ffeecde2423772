package ai.avala.pipeline.console;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import ai.avala.pipeline.progress.ProgressSamples.Sample;

/**
 * The console's charts, rendered on the server as inline SVG: the steps' timeline (Gantt bars) and the annotation
 * progress over time. Labels are escaped like every other value of a page.
 */
final class Charts {

	private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

	private static final int WIDTH = 900;

	private static final int LABEL = 190;

	private static final int ROW = 24;

	private Charts() {
	}

	/**
	 * One bar of the timeline.
	 *
	 * @param end epoch milliseconds, or null while the step runs (drawn up to {@code now})
	 */
	record Bar(String label, String status, long start, Long end) {
	}

	static String gantt(List<Bar> bars, long now) {
		if (bars.isEmpty()) {
			return "<p class=\"muted\">No step has started yet.</p>";
		}
		long first = bars.stream().mapToLong(Bar::start).min().orElse(now);
		long last = bars.stream().mapToLong((b) -> (b.end() != null) ? b.end() : now).max().orElse(now);
		double span = Math.max(1, last - first);
		int plot = WIDTH - LABEL - 70;
		int height = bars.size() * ROW + 30;
		StringBuilder svg = new StringBuilder();
		svg.append("<svg id=\"gantt\" role=\"img\" aria-label=\"step timeline\" width=\"").append(WIDTH)
			.append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
			.append("\" xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>");
		for (int i = 0; i < bars.size(); i++) {
			Bar bar = bars.get(i);
			long end = (bar.end() != null) ? bar.end() : now;
			double x = LABEL + (bar.start() - first) / span * plot;
			double w = Math.max(2, (end - bar.start()) / span * plot);
			int y = 8 + i * ROW;
			svg.append("<text x=\"6\" y=\"").append(y + 15).append("\">").append(Html.escape(bar.label())).append("</text>");
			svg.append("<rect class=\"bar\" data-step=\"").append(Html.escape(bar.label())).append("\" x=\"")
				.append(fmt(x)).append("\" y=\"").append(y + 3).append("\" width=\"").append(fmt(w))
				.append("\" height=\"16\" rx=\"3\" fill=\"").append(colour(bar.status())).append("\"><title>")
				.append(Html.escape(bar.label() + ": " + bar.status() + ", " + seconds(end - bar.start())))
				.append("</title></rect>");
			svg.append("<text x=\"").append(fmt(x + w + 4)).append("\" y=\"").append(y + 15).append("\" fill=\"#57606a\">")
				.append(Html.escape(seconds(end - bar.start()))).append("</text>");
		}
		int axis = bars.size() * ROW + 14;
		svg.append("<line x1=\"").append(LABEL).append("\" y1=\"").append(axis - 4).append("\" x2=\"")
			.append(LABEL + plot).append("\" y2=\"").append(axis - 4).append("\" stroke=\"#d0d7de\"/>");
		svg.append("<text x=\"").append(LABEL).append("\" y=\"").append(axis + 10).append("\" fill=\"#57606a\">")
			.append(CLOCK.format(Instant.ofEpochMilli(first))).append("</text>");
		svg.append("<text x=\"").append(LABEL + plot).append("\" y=\"").append(axis + 10)
			.append("\" text-anchor=\"end\" fill=\"#57606a\">").append(CLOCK.format(Instant.ofEpochMilli(last)))
			.append("</text></svg>");
		return svg.toString();
	}

	/** Completed tasks of all, in percent, over time; the last value printed at the line's end. */
	static String progress(List<Sample> samples) {
		if (samples.isEmpty()) {
			return "<p class=\"muted\">No annotation progress recorded yet (the run has not reached its wait).</p>";
		}
		int left = 50;
		int top = 12;
		int plotWidth = WIDTH - left - 90;
		int plotHeight = 170;
		long first = samples.get(0).at();
		long last = samples.get(samples.size() - 1).at();
		double span = Math.max(1, last - first);
		StringBuilder points = new StringBuilder();
		for (Sample sample : samples) {
			double x = left + (sample.at() - first) / span * plotWidth;
			double y = top + plotHeight - sample.ratio() * plotHeight;
			points.append(fmt(x)).append(',').append(fmt(y)).append(' ');
		}
		Sample latest = samples.get(samples.size() - 1);
		double lastY = top + plotHeight - latest.ratio() * plotHeight;
		String percent = String.format(Locale.ROOT, "%.1f%%", latest.ratio() * 100);
		StringBuilder svg = new StringBuilder();
		int height = top + plotHeight + 30;
		svg.append("<svg id=\"progress-chart\" role=\"img\" aria-label=\"annotation progress\" width=\"").append(WIDTH)
			.append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
			.append("\" xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>");
		for (int pct = 0; pct <= 100; pct += 25) {
			double y = top + plotHeight - pct / 100.0 * plotHeight;
			svg.append("<line x1=\"").append(left).append("\" y1=\"").append(fmt(y)).append("\" x2=\"")
				.append(left + plotWidth).append("\" y2=\"").append(fmt(y)).append("\" stroke=\"#eaeef2\"/>");
			svg.append("<text x=\"").append(left - 6).append("\" y=\"").append(fmt(y + 4))
				.append("\" text-anchor=\"end\" fill=\"#57606a\">").append(pct).append("%</text>");
		}
		svg.append("<polyline fill=\"none\" stroke=\"#0969da\" stroke-width=\"2\" points=\"").append(points.toString().strip())
			.append("\"/>");
		svg.append("<circle cx=\"").append(fmt(left + (double) plotWidth)).append("\" cy=\"").append(fmt(lastY))
			.append("\" r=\"3\" fill=\"#0969da\"/>");
		svg.append("<text id=\"progress-value\" x=\"").append(left + plotWidth + 8).append("\" y=\"").append(fmt(lastY + 4))
			.append("\" font-weight=\"600\">").append(percent).append("</text>");
		svg.append("<text x=\"").append(left).append("\" y=\"").append(height - 6).append("\" fill=\"#57606a\">")
			.append(CLOCK.format(Instant.ofEpochMilli(first))).append("</text>");
		svg.append("<text x=\"").append(left + plotWidth).append("\" y=\"").append(height - 6)
			.append("\" text-anchor=\"end\" fill=\"#57606a\">").append(CLOCK.format(Instant.ofEpochMilli(last)))
			.append(" (").append(latest.completed()).append('/').append(latest.total()).append(" tasks)</text></svg>");
		return svg.toString();
	}

	static String colour(String status) {
		return switch (status == null ? "" : status) {
			case "COMPLETED" -> "#2da44e";
			case "FAILED" -> "#cf222e";
			case "STARTED", "STARTING" -> "#54aeff";
			case "STOPPED", "STOPPING" -> "#bf8700";
			case "ABANDONED" -> "#8c959f";
			default -> "#d4a72c";
		};
	}

	static String seconds(long millis) {
		return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
	}

	private static String fmt(double value) {
		return String.format(Locale.ROOT, "%.1f", value);
	}

}
