package org.cityos.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    @TempDir
    Path tmp;

    private record Run(int status, String out, String err) {
    }

    private Run run(String scenarioJson) throws IOException {
        Path f = tmp.resolve("s.json");
        Files.writeString(f, scenarioJson);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Cli.execute(new String[] {"scenario", f.toString()}, new PrintWriter(out), new PrintWriter(err));
        return new Run(status, out.toString(), err.toString());
    }

    private static final String TENANT = "{\"id\": \"t1\", \"currency\": \"SAR\", \"country\": \"SA\", "
            + "\"scope\": \"riyadh\", \"category\": \"food\"}";

    @Test
    void a_valid_scenario_prints_its_report_with_two_space_indent() throws IOException {
        Run r = run("{\"tenants\": [" + TENANT + "], \"vendors\": [{\"id\": \"v1\", \"name\": \"V\"}],"
                + "\"products\": [{\"id\": \"p1\", \"vendor\": \"v1\", \"category\": \"food\"}],"
                + "\"steps\": [{\"at\": \"2026-01-01T10:00:00Z\", \"action\": \"place_order\", \"order\": {\"id\": \"o1\","
                + " \"discount\": 300, \"shipping\": {\"v1\": 500}, \"lines\": [{\"id\": \"l1\", \"product\": \"p1\","
                + " \"quantity\": 2, \"unit_price\": 1500}]}}]}");
        assertThat(r.status).isZero();
        assertThat(r.err).isEmpty();
        assertThat(r.out).startsWith("{\n  \"tenants\": [\n    {\n      \"id\": \"t1\",");
        JsonNode report = new ObjectMapper().readTree(r.out);
        JsonNode vo = report.at("/tenants/0/orders/0/vendor_orders/0");
        assertThat(vo.get("commission").asLong()).isEqualTo(270); // 2700 at the default 1000 bps
        assertThat(vo.get("vendor_net").asLong()).isEqualTo(2700 + 500 - 270);
        assertThat(report.get("errors").isEmpty()).isTrue();
        assertThat(r.out).contains("\"errors\": []");
    }

    @Test
    void an_invalid_file_prints_a_message_on_stderr_nothing_on_stdout_and_exits_2() throws IOException {
        String steps = "\"steps\": [{\"at\": \"2026-01-02T00:00:00Z\", \"action\": \"run_payouts\"}, ";
        String[][] cases = {
                {"{\"tenants\": [", "not valid JSON"},
                {"{\"tenants\": []}", "at least one tenant"},
                {"{\"tenants\": [{\"id\": \"t1\"}]}", "tenants[0].currency"},
                {"{\"tenants\": [" + TENANT + "], " + steps + "{\"at\": \"2026-01-01T00:00:00Z\", \"action\": \"run_payouts\"}]}",
                        "steps[1].at"},
                {"{\"tenants\": [" + TENANT + "], \"steps\": [{\"at\": \"yesterday\", \"action\": \"run_payouts\"}]}",
                        "'yesterday'"},
                {"{\"tenants\": [" + TENANT + "], \"steps\": [{\"at\": \"2026-01-01T00:00:00Z\", \"action\": \"dance\"}]}",
                        "'dance'"},
                {"{\"tenants\": [" + TENANT + ", " + TENANT.replace("t1", "t2") + "], \"steps\": [{\"at\": "
                        + "\"2026-01-01T00:00:00Z\", \"action\": \"run_payouts\"}]}", "steps[0].tenant"},
                {"{\"tenants\": [" + TENANT + "], \"commission_rules\": [{\"category\": \"a\", \"rate_bps\": 10001}]}",
                        "invalid_rule"},
                {"{\"tenants\": [" + TENANT + "], \"steps\": [{\"at\": \"2026-01-01T00:00:00Z\", \"action\": \"refund\","
                        + " \"order\": \"o1\", \"line\": \"l1\", \"quantity\": \"2\"}]}", "steps[0].quantity"},
        };
        for (String[] c : cases) {
            Run r = run(c[0]);
            assertThat(r.status).as(c[0]).isEqualTo(2);
            assertThat(r.out).as(c[0]).isEmpty();
            assertThat(r.err).as(c[0]).contains("not a valid scenario").contains(c[1]);
        }
        StringWriter err = new StringWriter();
        assertThat(Cli.execute(new String[] {"scenario", tmp.resolve("missing.json").toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(err))).isEqualTo(2);
        assertThat(err.toString()).contains("missing.json");
    }
}
