package org.cityos.core.resolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpRangeTest {

    @ParameterizedTest(name = "{1} in {0}: {2}")
    @CsvSource({
            "10.0.0.1,            10.0.0.1,           true",
            "10.0.0.1,            10.0.0.2,           false",
            "10.0.0.0/8,          10.255.3.4,         true",
            "10.0.0.0/8,          11.0.0.1,           false",
            "192.168.1.0/23,      192.168.0.7,        true",
            "192.168.1.0/24,      192.168.0.7,        false",
            "0.0.0.0/0,           203.0.113.9,        true",
            "0.0.0.0/0,           ::1,                false",
            "::1,                 ::1,                true",
            "::1,                 [::1],              true",
            "::1,                 0:0:0:0:0:0:0:1,    true",
            "::1,                 ::2,                false",
            "fd00::/8,            fd12:3456::1,       true",
            "fd00::/8,            fe80::1,            false",
            "2001:db8::/32,       2001:DB8:0:1::5,    true",
            "2001:db8::/32,       2001:db9::5,        false",
            "fe80::/10,           fe80::1%eth0,       true",
            "10.0.0.0/8,          ::ffff:10.1.2.3,    true",
            "::ffff:10.0.0.0/104, 10.9.9.9,           true",
            "10.0.0.0/8,          not-an-ip,          false",
            "10.0.0.0/8,          010.0.0.1,          false",
    })
    void ranges_contain_the_addresses_of_their_prefix(String range, String address, boolean inside) {
        IpRange r = IpRange.parse(range);
        assertThat(IpRange.address(address).map(r::contains).orElse(false)).isEqualTo(inside);
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", "proxy.internal", "localhost", "10.0.0", "10.0.0.256", "10.0.0.0/33", "::1/129",
            "10.0.0.0/x", "10.0.0.0/-1", "1.2.3.4.5", "gggg::1", "::1::2"})
    void anything_but_an_ip_literal_or_cidr_range_is_refused(String text) {
        assertThatThrownBy(() -> IpRange.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void host_names_are_never_resolved() {
        assertThat(IpRange.address("localhost")).isEmpty();
        assertThat(IpRange.address("example.com")).isEmpty();
        assertThat(IpRange.address(null)).isEmpty();
    }
}
