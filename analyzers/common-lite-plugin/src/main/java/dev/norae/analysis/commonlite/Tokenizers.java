package dev.norae.analysis.commonlite;

import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.core.KeywordTokenizer;
import org.apache.lucene.analysis.core.WhitespaceTokenizer;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenizer;
import org.apache.lucene.analysis.ngram.NGramTokenizer;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractTokenizerFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;

import java.util.function.IntPredicate;
import java.util.function.Supplier;

/** Factories for the {@code keyword}, {@code whitespace}, {@code edge_ngram} and {@code ngram} tokenizers. */
final class Tokenizers {

    private Tokenizers() {}

    private static TokenizerFactory factory(IndexSettings indexSettings, Settings settings, String name, Supplier<Tokenizer> supplier) {
        return new AbstractTokenizerFactory(indexSettings, settings, name) {
            @Override
            public Tokenizer create() {
                return supplier.get();
            }
        };
    }

    /** {@code keyword}: the whole input as one token; option buffer_size (default 256). */
    static TokenizerFactory keyword(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        int bufferSize = settings.getAsInt("buffer_size", 256);
        if (bufferSize <= 0) {
            throw new IllegalArgumentException("[buffer_size] must be greater than 0, got [" + bufferSize + "]");
        }
        return factory(indexSettings, settings, name, () -> new KeywordTokenizer(bufferSize));
    }

    /** {@code whitespace}: splits on whitespace; option max_token_length (default 255). */
    static TokenizerFactory whitespace(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        int maxTokenLength = settings.getAsInt("max_token_length", 255);
        if (maxTokenLength <= 0 || maxTokenLength > 1024 * 1024) {
            throw new IllegalArgumentException("[max_token_length] must be between 1 and 1048576, got [" + maxTokenLength + "]");
        }
        return factory(indexSettings, settings, name, () -> new WhitespaceTokenizer(maxTokenLength));
    }

    /** {@code edge_ngram}: min_gram (1), max_gram (2), token_chars, custom_token_chars. */
    static TokenizerFactory edgeNGram(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        int minGram = settings.getAsInt("min_gram", 1);
        int maxGram = settings.getAsInt("max_gram", 2);
        IntPredicate tokenChars = TokenChars.parse(settings);
        return factory(indexSettings, settings, name, () -> tokenChars == null
            ? new EdgeNGramTokenizer(minGram, maxGram)
            : new EdgeNGramTokenizer(minGram, maxGram) {
                @Override
                protected boolean isTokenChar(int chr) {
                    return tokenChars.test(chr);
                }
            });
    }

    /** {@code ngram}: min_gram (1), max_gram (2), token_chars, custom_token_chars; max_gram - min_gram ≤ index.max_ngram_diff. */
    static TokenizerFactory nGram(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        int minGram = settings.getAsInt("min_gram", 1);
        int maxGram = settings.getAsInt("max_gram", 2);
        NGrams.checkDiff("NGram Tokenizer", indexSettings, minGram, maxGram);
        IntPredicate tokenChars = TokenChars.parse(settings);
        return factory(indexSettings, settings, name, () -> tokenChars == null
            ? new NGramTokenizer(minGram, maxGram)
            : new NGramTokenizer(minGram, maxGram) {
                @Override
                protected boolean isTokenChar(int chr) {
                    return tokenChars.test(chr);
                }
            });
    }
}
