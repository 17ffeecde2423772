package ai.avala.pipeline.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import tools.jackson.core.JsonGenerator;

/**
 * Builds the zip of a finished export in the requested format. Labels are invented but
 * deterministic, and every entry names the uploaded files, so clients can check what came back.
 */
final class ExportArchive {

	static final List<String> FORMATS = List.of("avala_lidar_labels", "coco", "yolo", "avala-json-external");

	static final List<String> CLASSES = List.of("car", "pedestrian", "cyclist");

	private ExportArchive() {
	}

	record Counts(int total, int exported) {
	}

	record Built(byte[] zip, Counts counts) {
	}

	/** One exported file: its dataset and name. */
	record Item(String datasetUid, String name) {
	}

	static byte[] build(String format, String exportUid, List<Item> items) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
			switch (format) {
				case "coco" -> coco(zip, items);
				case "yolo" -> yolo(zip, items);
				default -> avala(zip, format, exportUid, items);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	private static void coco(ZipOutputStream zip, List<Item> items) throws IOException {
		zip.putNextEntry(new ZipEntry("annotations.json"));
		try (JsonGenerator json = Json.MAPPER.createGenerator(new NonClosing(zip))) {
			json.writeStartObject();
			json.writeObjectPropertyStart("info");
			json.writeStringProperty("description", "Avala sandbox export");
			json.writeEndObject();
			json.writeArrayPropertyStart("images");
			for (int i = 0; i < items.size(); i++) {
				json.writeStartObject();
				json.writeNumberProperty("id", i + 1);
				json.writeStringProperty("file_name", items.get(i).name());
				json.writeNumberProperty("width", 1920);
				json.writeNumberProperty("height", 1080);
				json.writeEndObject();
			}
			json.writeEndArray();
			json.writeArrayPropertyStart("annotations");
			for (int i = 0; i < items.size(); i++) {
				Box box = Box.of(items.get(i).name());
				json.writeStartObject();
				json.writeNumberProperty("id", i + 1);
				json.writeNumberProperty("image_id", i + 1);
				json.writeNumberProperty("category_id", box.classIndex() + 1);
				json.writeArrayPropertyStart("bbox");
				json.writeNumber(box.x() * 1920);
				json.writeNumber(box.y() * 1080);
				json.writeNumber(box.w() * 1920);
				json.writeNumber(box.h() * 1080);
				json.writeEndArray();
				json.writeNumberProperty("area", box.w() * 1920 * box.h() * 1080);
				json.writeNumberProperty("iscrowd", 0);
				json.writeEndObject();
			}
			json.writeEndArray();
			json.writeArrayPropertyStart("categories");
			for (int c = 0; c < CLASSES.size(); c++) {
				json.writeStartObject();
				json.writeNumberProperty("id", c + 1);
				json.writeStringProperty("name", CLASSES.get(c));
				json.writeEndObject();
			}
			json.writeEndArray();
			json.writeEndObject();
		}
		zip.closeEntry();
	}

	private static void yolo(ZipOutputStream zip, List<Item> items) throws IOException {
		zip.putNextEntry(new ZipEntry("classes.txt"));
		zip.write((String.join("\n", CLASSES) + "\n").getBytes(StandardCharsets.UTF_8));
		zip.closeEntry();
		Map<String, Boolean> seen = new LinkedHashMap<>();
		for (Item item : items) {
			String entry = "labels/" + stem(item.name()) + ".txt";
			if (seen.putIfAbsent(entry, true) != null) {
				continue; // the same name in two datasets: one label file
			}
			Box box = Box.of(item.name());
			zip.putNextEntry(new ZipEntry(entry));
			String line = String.format(java.util.Locale.ROOT, "%d %.6f %.6f %.6f %.6f%n", box.classIndex(),
					box.x() + box.w() / 2, box.y() + box.h() / 2, box.w(), box.h());
			zip.write(line.getBytes(StandardCharsets.UTF_8));
			zip.closeEntry();
		}
	}

	private static void avala(ZipOutputStream zip, String format, String exportUid, List<Item> items)
			throws IOException {
		zip.putNextEntry(new ZipEntry(format + ".json"));
		boolean lidar = format.equals("avala_lidar_labels");
		try (JsonGenerator json = Json.MAPPER.createGenerator(new NonClosing(zip))) {
			json.writeStartObject();
			json.writeStringProperty("format", format);
			json.writeStringProperty("export_uid", exportUid);
			json.writeArrayPropertyStart("items");
			for (Item item : items) {
				Box box = Box.of(item.name());
				json.writeStartObject();
				json.writeStringProperty("dataset_uid", item.datasetUid());
				json.writeStringProperty("file_name", item.name());
				json.writeArrayPropertyStart("annotations");
				json.writeStartObject();
				json.writeStringProperty("type", lidar ? "cuboid" : "bounding_box");
				json.writeStringProperty("label", CLASSES.get(box.classIndex()));
				json.writeNumberProperty("x", box.x());
				json.writeNumberProperty("y", box.y());
				json.writeNumberProperty("width", box.w());
				json.writeNumberProperty("height", box.h());
				json.writeEndObject();
				json.writeEndArray();
				json.writeEndObject();
			}
			json.writeEndArray();
			json.writeEndObject();
		}
		zip.closeEntry();
	}

	private static String stem(String name) {
		int slash = name.lastIndexOf('/');
		int dot = name.lastIndexOf('.');
		return (dot > slash + 1) ? name.substring(0, dot) : name;
	}

	/** A normalised box derived from the file name, so every build of an export is identical. */
	private record Box(int classIndex, double x, double y, double w, double h) {

		static Box of(String name) {
			Random random = new Random(name.hashCode());
			double w = 0.05 + random.nextDouble() * 0.3;
			double h = 0.05 + random.nextDouble() * 0.3;
			return new Box(random.nextInt(CLASSES.size()), random.nextDouble() * (1 - w), random.nextDouble() * (1 - h),
					w, h);
		}

	}

	/** Lets Jackson close its generator without closing the zip around it. */
	private static final class NonClosing extends FilterOutputStream {

		NonClosing(OutputStream out) {
			super(out);
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			out.write(b, off, len);
		}

		@Override
		public void close() throws IOException {
			flush();
		}

	}

}
