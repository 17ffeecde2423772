package ai.avala.pipeline.sandbox;

import java.util.List;

/**
 * {@code GET /organizations/} (contract §2): the organisations the key belongs to, as a cursor page of
 * {@code {uid, name, slug, plan, is_active}}. Any valid key may read it: it is how a client learns its plan
 * before any side effect.
 */
final class OrganizationApi {

	void register(List<Route> routes) {
		routes.add(new Route("GET", "/organizations/", null, false, this::list));
	}

	private Reply list(ApiCall call) {
		Org org = call.key.org();
		String slug = "org-" + org.id().substring(0, Math.min(8, org.id().length()));
		return Pages.page(call, List.of(org), (o) -> Json.obj("uid", o.id(), "name", "Sandbox organisation " + slug,
				"slug", slug, "plan", o.plan(), "is_active", true));
	}

}
