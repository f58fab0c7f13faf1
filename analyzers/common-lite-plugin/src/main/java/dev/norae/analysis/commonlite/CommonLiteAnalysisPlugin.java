package dev.norae.analysis.commonlite;

import org.elasticsearch.index.analysis.CharFilterFactory;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;

import java.util.Map;

/**
 * The few analysis-common components our index settings use, under the names and options of Elasticsearch's
 * analysis-common module (absent from the integ-test-zip). The {@code standard} tokenizer and the {@code lowercase},
 * {@code stop} and {@code shingle} token filters are registered by the server itself and are therefore not repeated
 * here (registering them again would fail the node start with "already registered").
 */
public class CommonLiteAnalysisPlugin extends Plugin implements AnalysisPlugin {

    @Override
    public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
        return Map.of(
            "keyword", Tokenizers::keyword,
            "whitespace", Tokenizers::whitespace,
            "edge_ngram", Tokenizers::edgeNGram,
            "ngram", Tokenizers::nGram
        );
    }

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        return Map.of(
            "edge_ngram", TokenFilters::edgeNGram,
            "ngram", TokenFilters::nGram,
            "asciifolding", TokenFilters::asciiFolding,
            "cjk_width", TokenFilters::cjkWidth,
            "trim", TokenFilters::trim,
            "unique", TokenFilters::unique
        );
    }

    @Override
    public Map<String, AnalysisProvider<CharFilterFactory>> getCharFilters() {
        // Both need their settings: without requiresAnalysisSettings every index would try to build them with none.
        return Map.of(
            "mapping", AnalysisPlugin.requiresAnalysisSettings(CharFilters::mapping),
            "pattern_replace", AnalysisPlugin.requiresAnalysisSettings(CharFilters::patternReplace)
        );
    }
}
