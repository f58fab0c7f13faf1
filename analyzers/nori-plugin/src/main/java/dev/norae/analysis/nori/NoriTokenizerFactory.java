package dev.norae.analysis.nori;

import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.ko.KoreanTokenizer;
import org.apache.lucene.analysis.ko.dict.UserDictionary;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractTokenizerFactory;

/** {@code nori_tokenizer}: decompound_mode, discard_punctuation, user_dictionary, user_dictionary_rules, lenient. */
public class NoriTokenizerFactory extends AbstractTokenizerFactory {

    private final UserDictionary userDictionary;
    private final KoreanTokenizer.DecompoundMode decompoundMode;
    private final boolean discardPunctuation;

    public NoriTokenizerFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        super(indexSettings, settings, name);
        this.decompoundMode = NoriSettings.decompoundMode(settings);
        this.userDictionary = NoriSettings.userDictionary(env, settings);
        this.discardPunctuation = settings.getAsBoolean("discard_punctuation", true);
    }

    @Override
    public Tokenizer create() {
        return new KoreanTokenizer(
            KoreanTokenizer.DEFAULT_TOKEN_ATTRIBUTE_FACTORY, userDictionary, decompoundMode, false, discardPunctuation);
    }
}
