package dev.norae.analysis.commonlite;

import org.apache.lucene.analysis.charfilter.MappingCharFilter;
import org.apache.lucene.analysis.charfilter.NormalizeCharMap;
import org.apache.lucene.analysis.pattern.PatternReplaceCharFilter;
import org.elasticsearch.common.regex.Regex;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractCharFilterFactory;
import org.elasticsearch.index.analysis.Analysis;
import org.elasticsearch.index.analysis.CharFilterFactory;
import org.elasticsearch.index.analysis.NormalizingCharFilterFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Factories for the {@code mapping} and {@code pattern_replace} char filters. */
final class CharFilters {

    private CharFilters() {}

    private static final class Normalizing extends AbstractCharFilterFactory implements NormalizingCharFilterFactory {
        private final UnaryOperator<Reader> filter;

        Normalizing(String name, UnaryOperator<Reader> filter) {
            super(name);
            this.filter = filter;
        }

        @Override
        public Reader create(Reader reader) {
            return filter.apply(reader);
        }
    }

    private static final Pattern RULE = Pattern.compile("(.*)\\s*=>\\s*(.*)\\s*$");

    /** {@code mapping}: rules {@code "key => value"} from {@code mappings} (inline) or {@code mappings_path} (config dir). */
    static CharFilterFactory mapping(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        List<String> rules = settings.getAsList("mappings", null);
        String path = settings.get("mappings_path");
        if (rules != null && path != null) {
            throw new IllegalArgumentException("[mapping] char filter [" + name + "] takes either [mappings] or [mappings_path], not both");
        }
        if (path != null) {
            rules = new ArrayList<>();
            // Analysis (server code) opens the file, so reading from the config directory needs no plugin entitlement.
            try (Reader reader = Analysis.getReaderFromFile(env, path, "mappings"); BufferedReader lines = new BufferedReader(reader)) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.isBlank() || line.startsWith("#")) {
                        continue;
                    }
                    rules.add(line);
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("Failed to read [mappings_path] file [" + path + "]", e);
            }
        }
        if (rules == null) {
            throw new IllegalArgumentException("mapping requires either `mappings` or `mappings_path` to be configured");
        }
        NormalizeCharMap.Builder builder = new NormalizeCharMap.Builder();
        for (String rule : rules) {
            Matcher m = RULE.matcher(rule);
            if (!m.find()) {
                throw new IllegalArgumentException("Invalid mapping rule : [" + rule + "]");
            }
            String key = unescape(m.group(1).strip());
            String value = unescape(m.group(2).strip());
            if (key.isEmpty()) {
                throw new IllegalArgumentException("Invalid mapping rule: [" + rule + "]. Illegal mapping.");
            }
            builder.add(key, value);
        }
        NormalizeCharMap map = builder.build();
        return new Normalizing(name, reader -> new MappingCharFilter(map, reader));
    }

    /** Backslash escapes in mapping rules: backslash, n, t, r, b, f, quotes and u followed by four hex digits. */
    static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                out.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case '\\' -> out.append('\\');
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case '\'' -> out.append('\'');
                case '"' -> out.append('"');
                case 'u' -> {
                    if (i + 4 >= s.length()) {
                        throw new IllegalArgumentException("Invalid escaped char in [" + s + "]");
                    }
                    out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> throw new IllegalArgumentException("Invalid escaped char " + n + " in [" + s + "]");
            }
        }
        return out.toString();
    }

    /** {@code pattern_replace}: pattern (required), replacement (""), flags (Java regex flags joined by |). */
    static CharFilterFactory patternReplace(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        String pattern = settings.get("pattern");
        if (pattern == null) {
            throw new IllegalArgumentException("pattern is missing for [" + name + "] char filter of type 'pattern_replace'");
        }
        Pattern compiled = Pattern.compile(pattern, Regex.flagsFromString(settings.get("flags")));
        String replacement = settings.get("replacement", "");
        return new Normalizing(name, reader -> new PatternReplaceCharFilter(compiled, replacement, reader));
    }
}
