package dev.norae.analysis.nori;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ko.KoreanNumberFilter;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;

/**
 * {@code nori_number}: normalizes Korean numbers (e.g. 십만이천오백 to 102500). As with the official plugin, decimals
 * and separators only survive when the tokenizer runs with {@code discard_punctuation: false}.
 */
public class NoriNumberFilterFactory extends AbstractTokenFilterFactory {

    public NoriNumberFilterFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        super(name, settings);
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return new KoreanNumberFilter(tokenStream);
    }
}
