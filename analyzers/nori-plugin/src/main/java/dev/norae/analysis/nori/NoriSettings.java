package dev.norae.analysis.nori;

import org.apache.lucene.analysis.ko.KoreanPartOfSpeechStopFilter;
import org.apache.lucene.analysis.ko.KoreanTokenizer;
import org.apache.lucene.analysis.ko.POS;
import org.apache.lucene.analysis.ko.dict.UserDictionary;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.analysis.Analysis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Parsing of the settings shared by the nori tokenizer, filter and analyzer. */
final class NoriSettings {

    static final String USER_DICTIONARY = "user_dictionary";
    static final String USER_DICTIONARY_RULES = "user_dictionary_rules";
    static final String LENIENT = "lenient";
    static final String DECOMPOUND_MODE = "decompound_mode";
    static final String STOPTAGS = "stoptags";

    private NoriSettings() {}

    static KoreanTokenizer.DecompoundMode decompoundMode(Settings settings) {
        String value = settings.get(DECOMPOUND_MODE);
        if (value == null) {
            return KoreanTokenizer.DEFAULT_DECOMPOUND;
        }
        try {
            return KoreanTokenizer.DecompoundMode.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                "Unknown value [" + value + "] for [" + DECOMPOUND_MODE + "], expected one of [none, discard, mixed]", e);
        }
    }

    /** Stop tags from the {@code stoptags} list, or Lucene's default set when the setting is absent. */
    static Set<POS.Tag> stopTags(Settings settings) {
        List<String> tags = settings.getAsList(STOPTAGS, null);
        if (tags == null) {
            return KoreanPartOfSpeechStopFilter.DEFAULT_STOP_TAGS;
        }
        Set<POS.Tag> result = EnumSet.noneOf(POS.Tag.class);
        for (String tag : tags) {
            try {
                result.add(POS.resolveTag(tag.trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Unknown part of speech tag [" + tag + "] in [" + STOPTAGS + "]", e);
            }
        }
        return result;
    }

    /**
     * The user dictionary from either {@code user_dictionary} (a file relative to the config directory) or the inline
     * {@code user_dictionary_rules}; {@code null} when neither is set. Duplicate terms are an error unless
     * {@code lenient} is true, in which case the first rule for a term wins.
     */
    static UserDictionary userDictionary(Environment env, Settings settings) {
        String path = settings.get(USER_DICTIONARY);
        boolean hasRules = settings.getAsList(USER_DICTIONARY_RULES, null) != null;
        if (path != null && hasRules) {
            throw new IllegalArgumentException(
                "It is not allowed to use [" + USER_DICTIONARY + "] in conjunction with [" + USER_DICTIONARY_RULES + "]");
        }
        List<String> lines;
        if (path != null) {
            lines = new ArrayList<>();
            // Analysis (server code) opens the file, so reading from the config directory needs no plugin entitlement.
            try (Reader reader = Analysis.getReaderFromFile(env, path, USER_DICTIONARY);
                 BufferedReader buffered = new BufferedReader(reader)) {
                String line;
                while ((line = buffered.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("Failed to read [" + USER_DICTIONARY + "] file [" + path + "]", e);
            }
        } else if (hasRules) {
            lines = settings.getAsList(USER_DICTIONARY_RULES);
        } else {
            return null;
        }
        boolean lenient = settings.getAsBoolean(LENIENT, false);
        StringBuilder text = new StringBuilder();
        Map<String, Integer> seen = new HashMap<>();
        int lineNumber = 0;
        for (String raw : lines) {
            lineNumber++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String term = line.split("\\s+", 2)[0];
            Integer first = seen.putIfAbsent(term, lineNumber);
            if (first != null) {
                if (lenient) {
                    continue;
                }
                throw new IllegalArgumentException("Found duplicate term [" + term + "] in user dictionary at line ["
                    + lineNumber + "] (first seen at line [" + first + "])");
            }
            text.append(line).append('\n');
        }
        if (text.length() == 0) {
            return null;
        }
        try {
            return UserDictionary.open(new StringReader(text.toString()));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("Failed to load the nori user dictionary: " + e.getMessage(), e);
        }
    }
}
