package dev.norae.analysis.commonlite;

import org.elasticsearch.common.settings.Settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;

/** The {@code token_chars} / {@code custom_token_chars} options of the ngram and edge_ngram tokenizers. */
final class TokenChars {

    private TokenChars() {}

    /** A predicate over code points, or {@code null} when {@code token_chars} is empty (every character is kept). */
    static IntPredicate parse(Settings settings) {
        List<String> classes = settings.getAsList("token_chars", List.of());
        if (classes.isEmpty()) {
            return null;
        }
        List<IntPredicate> parts = new ArrayList<>();
        for (String raw : classes) {
            String name = raw.trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case "letter" -> parts.add(Character::isLetter);
                case "digit" -> parts.add(Character::isDigit);
                case "whitespace" -> parts.add(Character::isWhitespace);
                case "punctuation" -> parts.add(TokenChars::isPunctuation);
                case "symbol" -> parts.add(TokenChars::isSymbol);
                case "custom" -> {
                    String custom = settings.get("custom_token_chars");
                    if (custom == null) {
                        throw new IllegalArgumentException("Token type: [custom] requires setting [custom_token_chars]");
                    }
                    int[] codePoints = custom.codePoints().toArray();
                    parts.add(c -> {
                        for (int cp : codePoints) {
                            if (cp == c) {
                                return true;
                            }
                        }
                        return false;
                    });
                }
                default -> throw new IllegalArgumentException("Unknown token type: '" + raw
                    + "', must be one of [letter, digit, whitespace, punctuation, symbol, custom]");
            }
        }
        IntPredicate[] all = parts.toArray(new IntPredicate[0]);
        return c -> {
            for (IntPredicate p : all) {
                if (p.test(c)) {
                    return true;
                }
            }
            return false;
        };
    }

    private static boolean isPunctuation(int c) {
        switch (Character.getType(c)) {
            case Character.START_PUNCTUATION, Character.END_PUNCTUATION, Character.OTHER_PUNCTUATION,
                 Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                 Character.FINAL_QUOTE_PUNCTUATION:
                return true;
            default:
                return false;
        }
    }

    private static boolean isSymbol(int c) {
        switch (Character.getType(c)) {
            case Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL:
                return true;
            default:
                return false;
        }
    }
}
