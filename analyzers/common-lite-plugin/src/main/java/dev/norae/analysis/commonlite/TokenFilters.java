package dev.norae.analysis.commonlite;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cjk.CJKWidthFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.RemoveDuplicatesTokenFilter;
import org.apache.lucene.analysis.miscellaneous.TrimFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.ngram.NGramTokenFilter;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.NormalizingTokenFilterFactory;
import org.elasticsearch.index.analysis.TokenFilterFactory;

import java.util.function.UnaryOperator;

/** Factories for the edge_ngram, ngram, asciifolding, cjk_width, trim and unique token filters. */
final class TokenFilters {

    private TokenFilters() {}

    private static TokenFilterFactory plain(String name, Settings settings, UnaryOperator<TokenStream> filter) {
        return new AbstractTokenFilterFactory(name, settings) {
            @Override
            public TokenStream create(TokenStream tokenStream) {
                return filter.apply(tokenStream);
            }
        };
    }

    /** Also applied to normalizers and multi-term queries (wildcard, prefix, fuzzy). */
    private static final class Normalizing extends AbstractTokenFilterFactory implements NormalizingTokenFilterFactory {
        private final UnaryOperator<TokenStream> filter;
        private final UnaryOperator<TokenStream> normalizer;

        Normalizing(String name, Settings settings, UnaryOperator<TokenStream> filter, UnaryOperator<TokenStream> normalizer) {
            super(name, settings);
            this.filter = filter;
            this.normalizer = normalizer;
        }

        @Override
        public TokenStream create(TokenStream tokenStream) {
            return filter.apply(tokenStream);
        }

        @Override
        public TokenStream normalize(TokenStream tokenStream) {
            return normalizer.apply(tokenStream);
        }
    }

    /** {@code edge_ngram}: min_gram (1), max_gram (2), preserve_original (false). */
    static TokenFilterFactory edgeNGram(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        int minGram = settings.getAsInt("min_gram", 1);
        int maxGram = settings.getAsInt("max_gram", 2);
        boolean preserveOriginal = settings.getAsBoolean("preserve_original", false);
        if (settings.get("side") != null && !"front".equals(settings.get("side"))) {
            throw new IllegalArgumentException("The [side] parameter of [edge_ngram] is no longer supported; use a [reverse] filter instead");
        }
        return plain(name, settings, ts -> new EdgeNGramTokenFilter(ts, minGram, maxGram, preserveOriginal));
    }

    /** {@code ngram}: min_gram (1), max_gram (2), preserve_original (false); max_gram - min_gram ≤ index.max_ngram_diff. */
    static TokenFilterFactory nGram(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        int minGram = settings.getAsInt("min_gram", 1);
        int maxGram = settings.getAsInt("max_gram", 2);
        boolean preserveOriginal = settings.getAsBoolean("preserve_original", false);
        NGrams.checkDiff("NGram Token Filter", indexSettings, minGram, maxGram);
        return plain(name, settings, ts -> new NGramTokenFilter(ts, minGram, maxGram, preserveOriginal));
    }

    /** {@code asciifolding}: preserve_original (false); normalizers fold without keeping the original. */
    static TokenFilterFactory asciiFolding(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        boolean preserveOriginal = settings.getAsBoolean("preserve_original", false);
        return new Normalizing(name, settings,
            ts -> new ASCIIFoldingFilter(ts, preserveOriginal),
            ts -> new ASCIIFoldingFilter(ts, false));
    }

    /** {@code cjk_width}: full-width ASCII to half-width, half-width Katakana to full-width. */
    static TokenFilterFactory cjkWidth(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        return new Normalizing(name, settings, CJKWidthFilter::new, CJKWidthFilter::new);
    }

    /** {@code trim}: strips leading and trailing whitespace from each token. */
    static TokenFilterFactory trim(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        return new Normalizing(name, settings, TrimFilter::new, TrimFilter::new);
    }

    /** {@code unique}: drops repeated terms; only_on_same_position (false) limits that to tokens at one position. */
    static TokenFilterFactory unique(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        boolean onlyOnSamePosition = settings.getAsBoolean("only_on_same_position", false);
        return plain(name, settings, ts -> onlyOnSamePosition ? new RemoveDuplicatesTokenFilter(ts) : new UniqueTermsFilter(ts));
    }
}
