package org.cityos.core.resolution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RequestViewTest {

    @Test
    void header_names_compare_without_case_and_keep_every_value() {
        RequestView view = RequestView.builder().remoteAddress("10.0.0.1").host("shop.example.com")
                .header("X-Tenant-Id", "alpha").header("x-tenant-id", "beta").header("X-Empty", null).build();

        assertThat(view.header("X-TENANT-ID")).contains("alpha");
        assertThat(view.headerValues("x-Tenant-ID")).containsExactly("alpha", "beta");
        assertThat(view.header("X-Empty")).isEmpty();
        assertThat(view.headerValues("X-Missing")).isEmpty();
    }

    @Test
    void a_view_made_from_a_map_is_a_copy() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("X-Api-Key", new java.util.ArrayList<>(List.of("k1")));
        RequestView view = RequestView.of("10.0.0.1", "shop.example.com", headers);
        headers.get("X-Api-Key").add("k2");

        assertThat(view.headerValues("x-api-key")).containsExactly("k1");
        assertThat(view).isEqualTo(RequestView.builder().remoteAddress("10.0.0.1").host("shop.example.com")
                .header("x-api-key", "k1").build());
    }
}
