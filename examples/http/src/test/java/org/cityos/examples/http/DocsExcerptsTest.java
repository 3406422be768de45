package org.cityos.examples.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The code on docs/http-example.md is the example's code: each java block is cut from the sources. */
class DocsExcerptsTest {
    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

    private static String squash(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }

    @Test
    void every_java_block_of_the_page_is_in_the_sources() throws IOException {
        String page = Files.readString(MODULE.resolve("../../docs/http-example.md"));
        String sources;
        try (Stream<Path> files = Files.walk(MODULE.resolve("src/main/java"))) {
            sources = squash(files.filter(p -> p.toString().endsWith(".java")).map(p -> {
                try {
                    return Files.readString(p);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).collect(Collectors.joining("\n")));
        }
        List<String> blocks = new ArrayList<>();
        Matcher m = JAVA_BLOCK.matcher(page);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        assertThat(blocks).hasSizeGreaterThanOrEqualTo(5);
        for (String block : blocks) {
            assertThat(sources).as("docs/http-example.md excerpt:%n%s", block).contains(squash(block));
        }
    }
}
