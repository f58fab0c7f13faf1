package dev.norae.analysis.nori;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ko.KoreanPartOfSpeechStopFilter;
import org.apache.lucene.analysis.ko.POS;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;

import java.util.Set;

/** {@code nori_part_of_speech}: removes tokens whose part of speech is in {@code stoptags}. */
public class NoriPartOfSpeechFilterFactory extends AbstractTokenFilterFactory {

    private final Set<POS.Tag> stopTags;

    public NoriPartOfSpeechFilterFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        super(name, settings);
        this.stopTags = NoriSettings.stopTags(settings);
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return new KoreanPartOfSpeechStopFilter(tokenStream, stopTags);
    }
}
