package org.cityos.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every {@code java} block of the root README.md and of every page under docs/ is cut from real
 * code: found, whitespace aside, in one source file of this module's tests (or, for the pages
 * listed in {@link #SOURCES}, of the module that page describes), so a snippet that stops
 * compiling or drifts from its class fails the build.
 */
class DocsSnippetsTest {
    /** The module directory (surefire's working directory); docs/ is this directory. */
    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path ROOT = MODULE.getParent();
    /** Where a page's snippets live when not in this module's tests: the page's own example. */
    private static final Map<String, Path> SOURCES = Map.of(
            "docs/http-example.md", ROOT.resolve("examples/http/src/main/java"));
    private static final Path SNIPPETS = MODULE.resolve("src/test/java");
    private static final Pattern JAVA_BLOCK = Pattern.compile("^[ \\t]*```java[ \\t]*\\R(.*?)^[ \\t]*```",
            Pattern.DOTALL | Pattern.MULTILINE);
    private static final Pattern JAVA_FENCE = Pattern.compile("^[ \\t]*```java", Pattern.MULTILINE);

    static String squash(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }

    @Test
    void every_java_block_of_the_docs_is_in_the_sources() throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(ROOT.resolve("README.md"));
        try (Stream<Path> files = Files.walk(MODULE)) {
            files.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> !p.startsWith(MODULE.resolve("target")) && !p.startsWith(MODULE.resolve("src")))
                    .sorted().forEach(pages::add);
        }
        Map<Path, List<String>> sourcesByRoot = new java.util.HashMap<>();
        List<String> missing = new ArrayList<>();
        int blocks = 0;
        int httpBlocks = 0;
        for (Path page : pages) {
            String name = ROOT.relativize(page).toString().replace('\\', '/');
            String text = Files.readString(page);
            List<String> found = javaBlocks(text);
            assertThat(found).as("%s: the java blocks the pattern finds vs. the ```java fences on the page", name)
                    .hasSize(count(JAVA_FENCE, text));
            List<String> sources = sourcesByRoot.computeIfAbsent(SOURCES.getOrDefault(name, SNIPPETS),
                    DocsSnippetsTest::squashedSources);
            for (String block : found) {
                blocks++;
                if (name.equals("docs/http-example.md")) {
                    httpBlocks++;
                }
                String squashed = squash(block);
                if (sources.stream().noneMatch(s -> s.contains(squashed))) {
                    missing.add(name + ": this java block is in no source file under "
                            + ROOT.relativize(SOURCES.getOrDefault(name, SNIPPETS)) + ":\n" + block);
                }
            }
        }
        assertThat(pages).as("pages read").hasSizeGreaterThanOrEqualTo(12);
        // the count when this test was written: lower it only when a page loses a snippet on purpose
        assertThat(blocks).as("java blocks found in all pages").isGreaterThanOrEqualTo(29);
        assertThat(httpBlocks).as("java blocks of docs/http-example.md").isGreaterThanOrEqualTo(5);
        assertThat(missing).as("doc snippets not cut from compiled code (put each in a class under %s, or fix the page)",
                ROOT.relativize(SNIPPETS)).isEmpty();
    }

    @Test
    void the_pattern_finds_indented_blocks_and_leaves_other_languages_alone() {
        String page = "text\n```java\nint a = 1;\n```\n\n- item\n\n  ```java\n  int b = 2;\n  ```\n```sql\nSELECT 1;\n```\n";
        assertThat(javaBlocks(page)).extracting(DocsSnippetsTest::squash).containsExactly("int a = 1;", "int b = 2;");
        assertThat(count(JAVA_FENCE, page)).isEqualTo(2);
    }

    private static List<String> javaBlocks(String page) {
        List<String> out = new ArrayList<>();
        Matcher m = JAVA_BLOCK.matcher(page);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static int count(Pattern p, String text) {
        return (int) p.matcher(text).results().count();
    }

    /** Each .java file under {@code root}, whitespace-squashed: a block must lie within one file. */
    private static List<String> squashedSources(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".java")).map(p -> {
                try {
                    return squash(Files.readString(p));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
