package org.cityos.core.resolution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.cityos.core.tenancy.Domains;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostNormalisationTest {
    private final HostClassifier classifier = new HostClassifier(Set.of("cityos.example", "sa.cityos.example"),
            Set.of("www", "api"));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "Shop.Example.COM,          shop.example.com",
            "shop.example.com.,         shop.example.com",
            "shop.example.com:8443,     shop.example.com",
            "SHOP.example.com.:443,     shop.example.com",
            "'  shop.example.com  ',    shop.example.com",
            "bücher.example,            xn--bcher-kva.example",
            "BÜCHER.example:80,         xn--bcher-kva.example",
            "xn--bcher-kva.example,     xn--bcher-kva.example",
            "10.0.0.1,                  10.0.0.1",
            "10.0.0.1:8080,             10.0.0.1",
            "[::1],                     [::1]",
            "[2001:DB8::1]:443,         [2001:db8::1]",
            "localhost,                 localhost",
    })
    void hosts_are_normalised_in_case_trailing_dot_port_and_punycode(String raw, String expected) {
        assertThat(Domains.normaliseHost(raw)).contains(expected);
    }

    @ParameterizedTest(name = "''{0}'' is malformed")
    @ValueSource(strings = {"", " ", ".", "a..b", ".example.com", "shop.example.com..", "*.example.com",
            "shop.*.example", "-shop.example.com", "shop-.example.com", "sh op.example.com", "shop_1.example.com",
            "user@shop.example.com", "shop.example.com:http", "shop.example.com:123456", "::1", "[::1",
            "[evil]", "[::1]x", "[fe80::1%25eth0]",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example"})
    void malformed_hosts_have_no_normal_form(String raw) {
        assertThat(Domains.normaliseHost(raw)).isEmpty();
    }

    @Test
    void a_63_character_label_is_the_longest_allowed() {
        String label63 = "a".repeat(63);
        assertThat(Domains.normaliseHost(label63 + ".example")).contains(label63 + ".example");
        assertThat(Domains.normaliseHost("a" + label63 + ".example")).isEmpty();
    }

    @Test
    void a_host_longer_than_253_characters_is_malformed() {
        String label = "a".repeat(60);
        String host = String.join(".", label, label, label, label, "abcdefghij"); // 254 characters
        assertThat(host).hasSize(254);
        assertThat(Domains.normaliseHost(host)).isEmpty();
        assertThat(Domains.normaliseHost(host.substring(1))).isPresent();
    }

    @Test
    void ip_literals_are_recognised() {
        assertThat(Domains.isIpLiteral("10.0.0.1")).isTrue();
        assertThat(Domains.isIpLiteral("[2001:db8::1]")).isTrue();
        assertThat(Domains.isIpLiteral("shop.example.com")).isFalse();
    }

    @Test
    void one_label_under_a_base_domain_is_a_tenant_handle() {
        assertThat(classifier.classify("riyadh-market.cityos.example"))
                .isEqualTo(new HostClassifier.Subdomain("riyadh-market.cityos.example", "riyadh-market", "cityos.example"));
    }

    @Test
    void the_most_specific_base_domain_wins() {
        assertThat(classifier.classify("jeddah.sa.cityos.example"))
                .isEqualTo(new HostClassifier.Subdomain("jeddah.sa.cityos.example", "jeddah", "sa.cityos.example"));
        assertThat(classifier.classify("sa.cityos.example"))
                .isEqualTo(new HostClassifier.Platform("sa.cityos.example", "sa.cityos.example"));
    }

    @Test
    void the_apex_and_platform_subdomains_are_the_platform() {
        assertThat(classifier.classify("cityos.example")).isInstanceOfSatisfying(HostClassifier.Platform.class,
                p -> assertThat(p.apex()).isTrue());
        assertThat(classifier.classify("www.cityos.example")).isInstanceOfSatisfying(HostClassifier.Platform.class,
                p -> assertThat(p.apex()).isFalse());
        assertThat(classifier.classify("api.cityos.example")).isInstanceOf(HostClassifier.Platform.class);
    }

    @Test
    void deeper_hosts_under_a_base_domain_are_nested_not_tenants() {
        assertThat(classifier.classify("shop.riyadh-market.cityos.example"))
                .isEqualTo(new HostClassifier.Nested("shop.riyadh-market.cityos.example", "cityos.example"));
    }

    @Test
    void ip_literals_and_other_hosts_are_classified_without_lookups() {
        assertThat(classifier.classify("10.0.0.1")).isEqualTo(new HostClassifier.IpLiteral("10.0.0.1"));
        assertThat(classifier.classify("[::1]")).isEqualTo(new HostClassifier.IpLiteral("[::1]"));
        assertThat(classifier.classify("shop.example.com")).isEqualTo(new HostClassifier.Custom("shop.example.com"));
        // a suffix match must fall on a label boundary
        assertThat(classifier.classify("evilcityos.example")).isEqualTo(new HostClassifier.Custom("evilcityos.example"));
    }

    @ParameterizedTest(name = "''{0}'' {1}")
    @CsvSource(delimiter = '|', value = {
            "*.cityos.example                | is a wildcard, not a host name",
            "''                              | is empty",
            "a..cityos.example               | has an empty label",
            ".cityos.example                 | has an empty label",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.cityos.example | has a label longer than 63 characters",
            "sh op.cityos.example            | is not a valid host name (letters, digits and inner hyphens in labels of 1-63, an optional port)",
    })
    void a_malformed_host_is_explained(String raw, String why) {
        assertThat(HostClassifier.whyMalformed(raw == null ? "" : raw)).isEqualTo(why);
    }
}
