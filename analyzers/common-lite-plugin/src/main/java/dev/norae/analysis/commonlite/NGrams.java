package dev.norae.analysis.commonlite;

import org.elasticsearch.index.IndexSettings;

/** The index.max_ngram_diff check that Elasticsearch applies to ngram tokenizers and filters. */
final class NGrams {

    private NGrams() {}

    static void checkDiff(String what, IndexSettings indexSettings, int minGram, int maxGram) {
        int maxAllowed = indexSettings.getMaxNgramDiff();
        int diff = maxGram - minGram;
        if (diff > maxAllowed) {
            throw new IllegalArgumentException("The difference between max_gram and min_gram in " + what
                + " must be less than or equal to: [" + maxAllowed + "] but was [" + diff + "]. This limit can be set by"
                + " changing the [" + IndexSettings.MAX_NGRAM_DIFF_SETTING.getKey() + "] index level setting.");
        }
    }
}
