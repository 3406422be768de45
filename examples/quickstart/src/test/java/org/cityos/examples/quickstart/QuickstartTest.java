package org.cityos.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The README's run command prints the success path with the spec's figures. */
class QuickstartTest {
    @Test
    void the_quickstart_walks_the_success_path() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Quickstart.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        // the figures of shared/scenarios/01 for the same order
        assertThat(out).contains("-> dates-co  subtotal    255.00  discount    4.95  shipping   15.00  commission   21.74  vendor net    243.31");
        assertThat(out).contains("-> oud-house subtotal    250.00  discount    4.86  shipping   20.00  commission   36.77  vendor net    228.37");
        assertThat(out).contains("dates-co  pending      0.00  available      0.00  paid    243.31");
        assertThat(out).contains("the same run again pays 0 more");
        assertThat(out).contains("jeddah-food: 0 stores, 0 vendors, 0 balances");
        assertThat(out).contains("unknown_order").contains("unknown_vendor").doesNotContain("UNEXPECTED");
    }
}
