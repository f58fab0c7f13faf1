package dev.norae.analysis.nori;

import org.apache.lucene.analysis.ko.KoreanAnalyzer;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractIndexAnalyzerProvider;

/** Analyzer type {@code nori}: Lucene's KoreanAnalyzer with decompound_mode, stoptags and a user dictionary. */
public class NoriAnalyzerProvider extends AbstractIndexAnalyzerProvider<KoreanAnalyzer> {

    private final KoreanAnalyzer analyzer;

    public NoriAnalyzerProvider(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        super(name, settings);
        this.analyzer = new KoreanAnalyzer(
            NoriSettings.userDictionary(env, settings),
            NoriSettings.decompoundMode(settings),
            NoriSettings.stopTags(settings),
            false
        );
    }

    @Override
    public KoreanAnalyzer get() {
        return analyzer;
    }
}
