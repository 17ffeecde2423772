package ai.avala.pipeline.console;

/**
 * HTML output of the console: escaping (every value from the job repository, a job file or a request goes
 * through {@link #escape}) and the page frame with its inline style. Nothing is loaded from elsewhere: no CDN,
 * no font, no script file.
 */
final class Html {

	private static final String STYLE = """
			body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
			header{background:#24292f;color:#fff;padding:10px 20px;display:flex;gap:20px;align-items:center}
			header a{color:#fff;text-decoration:none;font-weight:600}header .brand{font-size:18px}
			main{padding:16px 20px;max-width:1200px}
			h1{font-size:20px;margin:8px 0 12px}h2{font-size:16px;margin:20px 0 8px}
			table{border-collapse:collapse;background:#fff;border:1px solid #d0d7de}
			th,td{border:1px solid #d0d7de;padding:4px 8px;font-size:13px;text-align:left;vertical-align:top}
			th{background:#f6f8fa}
			td.cell{width:28px;height:22px;padding:2px;text-align:center}
			td.cell a{display:block;width:100%;height:20px;border-radius:3px}
			.s-COMPLETED{background:#2da44e}.s-FAILED,.s-REFUSED{background:#cf222e}.s-STARTED,.s-STARTING{background:#54aeff}
			.s-STOPPED,.s-STOPPING{background:#bf8700}.s-ABANDONED{background:#8c959f}.s-UNKNOWN{background:#d4a72c}
			.s-NONE{background:#eaeef2}
			.failure-line{color:#cf222e;font-size:13px}
			.badge{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-size:12px;font-weight:600}
			.badge.s-NONE{color:#57606a}
			.failure{background:#ffebe9;border:1px solid #ff8182;padding:8px;border-radius:6px;font-family:monospace;font-size:13px}
			.next{background:#ddf4ff;border:1px solid #54aeff;padding:8px;border-radius:6px}
			code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:13px}
			dl{display:grid;grid-template-columns:max-content auto;gap:4px 16px;margin:0}dt{font-weight:600}dd{margin:0}
			.cards{display:flex;gap:12px;flex-wrap:wrap}.card{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:10px 14px;min-width:140px}
			.card .v{font-size:20px;font-weight:600}.card .k{font-size:12px;color:#57606a}
			form.inline{display:inline}button{margin:2px 4px 2px 0}
			.muted{color:#57606a;font-size:12px}.notice{background:#fff8c5;border:1px solid #d4a72c;padding:8px;border-radius:6px}
			svg text{font-family:system-ui,sans-serif;font-size:11px}
			""";

	private Html() {
	}

	static String escape(Object value) {
		if (value == null) {
			return "";
		}
		String text = value.toString();
		StringBuilder out = new StringBuilder(text.length() + 16);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '&' -> out.append("&amp;");
				case '<' -> out.append("&lt;");
				case '>' -> out.append("&gt;");
				case '"' -> out.append("&quot;");
				case '\'' -> out.append("&#39;");
				default -> out.append(c);
			}
		}
		return out.toString();
	}

	/** A whole page: the frame, the navigation, and {@code body} (already escaped HTML). */
	static String page(String title, String body) {
		return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
				+ "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + escape(title)
				+ " · Avala console</title><style>" + STYLE + "</style></head><body><header>"
				+ "<a class=\"brand\" href=\"/\">Avala console</a><a href=\"/\">Runs</a><a href=\"/schedules\">Schedules</a>"
				+ "<a href=\"/login\">Operator</a><a href=\"/actuator/health\">Health</a>"
				+ "<a href=\"/actuator/prometheus\">Metrics</a></header><main>" + body + "</main></body></html>";
	}

	static String badge(String status) {
		String s = (status != null) ? status : "NONE";
		return "<span class=\"badge s-" + escape(s) + "\">" + escape(status != null ? status : "not run") + "</span>";
	}

	static String orDash(Object value) {
		return (value != null) ? escape(value) : "–";
	}

}
