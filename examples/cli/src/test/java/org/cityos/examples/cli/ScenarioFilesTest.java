package org.cityos.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.assertj.core.api.SoftAssertions;
import org.cityos.testkit.BothDatabases;
import org.cityos.testkit.TestDatabase;

/**
 * Every scenario file reproduces its expected report exactly, {@code message} fields aside, on H2
 * and on PostgreSQL: the shared ones in {@code shared/scenarios} and our own in
 * {@code src/test/resources/scenarios}, whose reports were derived by hand from the spec.
 */
class ScenarioFilesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @BothDatabases
    void the_shared_scenarios_reproduce_their_expected_reports(TestDatabase db) throws Exception {
        Optional<Path> dir = sharedScenarios();
        assumeTrue(dir.isPresent(), "no shared/scenarios folder found walking up from "
                + Path.of("").toAbsolutePath() + "; skipping the shared scenarios");
        checkAll(dir.get(), db);
    }

    @BothDatabases
    void our_own_scenarios_reproduce_their_hand_derived_reports(TestDatabase db) throws Exception {
        checkAll(Path.of(ScenarioFilesTest.class.getResource("/scenarios").toURI()), db);
    }

    /** Walks up from the module directory to the first folder with a {@code shared/scenarios} child. */
    static Optional<Path> sharedScenarios() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("scenarios");
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static void checkAll(Path dir, TestDatabase db) throws IOException, URISyntaxException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(f -> f.toString().endsWith(".json") && !f.toString().endsWith(".expected.json"))
                    .sorted().toList();
        }
        assertThat(files).as("scenario files in %s", dir).isNotEmpty();
        SoftAssertions soft = new SoftAssertions();
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            Path expectedFile = Path.of(file.toString().replaceFirst("\\.json$", ".expected.json"));
            // each replay needs a fresh database: the first gets this invocation's, the others their own
            TestDatabase fresh = i == 0 ? db : TestDatabase.create(db.kind());
            try {
                Scenario scenario = Scenario.parse(Files.readString(file, StandardCharsets.UTF_8));
                ObjectNode report = ScenarioRunner.run(scenario, fresh.dataSource(), fresh.ownerDataSource());
                JsonNode actual = withoutMessages(MAPPER.readTree(ScenarioRunner.render(report)));
                JsonNode expected = MAPPER.readTree(Files.readString(expectedFile, StandardCharsets.UTF_8));
                soft.assertThat(actual.toPrettyString()).as("%s on %s", file.getFileName(), db.kind())
                        .isEqualTo(expected.toPrettyString());
            } catch (InvalidScenarioException e) {
                soft.fail(file.getFileName() + " is not a valid scenario: " + e.getMessage());
            } finally {
                if (fresh != db) {
                    fresh.close();
                }
            }
        }
        soft.assertAll();
    }

    private static JsonNode withoutMessages(JsonNode node) {
        if (node.isObject()) {
            ((ObjectNode) node).remove("message");
        }
        List<JsonNode> children = new ArrayList<>();
        node.elements().forEachRemaining(children::add);
        children.forEach(ScenarioFilesTest::withoutMessages);
        return node;
    }
}
