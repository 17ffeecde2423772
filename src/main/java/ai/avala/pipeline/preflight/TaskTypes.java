package ai.avala.pipeline.preflight;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a template's {@code task_type} fits the run's {@code dataType}. The contract does not list task types,
 * so the type is sorted into a family by the words it contains (image, video, 3D/lidar) and a type no family
 * claims passes with a note: the real service may use words this tool does not know, and refusing a good run
 * would be worse than the clone's own refusal of a bad one.
 */
final class TaskTypes {

	/** What a task type is about, as far as its name tells. */
	enum Family {

		IMAGE, VIDEO, POINT_CLOUD, UNKNOWN

	}

	private static final List<String> VIDEO_WORDS = List.of("video", "tracking", "sequence");

	private static final List<String> POINT_CLOUD_WORDS = List.of("lidar", "point_cloud", "pointcloud", "point-cloud",
			"3d", "cuboid", "mcap", "splat", "gaussian", "sensor_fusion", "radar");

	private static final List<String> IMAGE_WORDS = List.of("image", "2d", "bounding_box", "bbox", "polygon",
			"segmentation", "keypoint", "classification");

	private static final Set<String> IMAGE_DATA = Set.of("images", "image");

	private static final Set<String> POINT_CLOUD_DATA = Set.of("lidar", "mcap", "splat");

	private TaskTypes() {
	}

	/** The family a task type belongs to; video and 3D words win over image words ({@code video_bbox} is video). */
	static Family family(String taskType) {
		if (taskType == null || taskType.isBlank()) {
			return Family.UNKNOWN;
		}
		String type = taskType.toLowerCase(Locale.ROOT);
		if (VIDEO_WORDS.stream().anyMatch(type::contains)) {
			return Family.VIDEO;
		}
		if (POINT_CLOUD_WORDS.stream().anyMatch(type::contains)) {
			return Family.POINT_CLOUD;
		}
		if (IMAGE_WORDS.stream().anyMatch(type::contains)) {
			return Family.IMAGE;
		}
		return Family.UNKNOWN;
	}

	/** The family a run's data type needs. */
	static Family needed(String dataType) {
		String type = dataType.toLowerCase(Locale.ROOT);
		if (IMAGE_DATA.contains(type)) {
			return Family.IMAGE;
		}
		if (type.equals("video")) {
			return Family.VIDEO;
		}
		return POINT_CLOUD_DATA.contains(type) ? Family.POINT_CLOUD : Family.UNKNOWN;
	}

}
