package dev.firebreak.node.engine.sampling;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SamplerTest {

    private static final float[] LOGITS = {0.1f, 2.0f, 1.9f, -1f, 0.5f, 1.95f};

    @Test
    void shouldPickTheLargestLogitWhenGreedy() {
        assertThat(new Sampler(SamplingParams.greedy()).sample(LOGITS.clone(), 0, LOGITS.length)).isEqualTo(1);
    }

    @Test
    void shouldNeverPickATokenOutsideTheAllowedOnes() {
        java.util.BitSet allowed = new java.util.BitSet();
        allowed.set(0);
        allowed.set(2);
        assertThat(new Sampler(SamplingParams.greedy(), allowed).sample(LOGITS.clone(), 0, LOGITS.length))
                .as("the largest logit is token 1, which is not allowed").isNotEqualTo(1).isIn(0, 2);
        Sampler sampling = new Sampler(new SamplingParams(1f, 0.9f, 7), allowed);
        for (int i = 0; i < 200; i++) {
            assertThat(sampling.sample(LOGITS.clone(), 0, LOGITS.length)).isIn(0, 2);
        }
    }

    @Test
    void shouldGiveTheSameTokensForTheSameSeed() {
        Sampler a = new Sampler(new SamplingParams(1f, 1f, 99));
        Sampler b = new Sampler(new SamplingParams(1f, 1f, 99));
        for (int i = 0; i < 50; i++) {
            assertThat(a.sample(LOGITS.clone(), 0, LOGITS.length)).isEqualTo(b.sample(LOGITS.clone(), 0, LOGITS.length));
        }
    }

    @Test
    void shouldVaryWithTheSeedWhenSampling() {
        Set<Integer> seen = new HashSet<>();
        Sampler sampler = new Sampler(new SamplingParams(1f, 1f, 1));
        for (int i = 0; i < 200; i++) {
            seen.add(sampler.sample(LOGITS.clone(), 0, LOGITS.length));
        }
        assertThat(seen).hasSizeGreaterThan(3);
    }

    @Test
    void shouldOnlyPickFromTheNucleusWithTopP() {
        // Probabilities at T=1: tokens 1, 5 and 2 hold ~0.8 together; top_p 0.5 keeps only those needed.
        Sampler sampler = new Sampler(new SamplingParams(1f, 0.5f, 5));
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            seen.add(sampler.sample(LOGITS.clone(), 0, LOGITS.length));
        }
        assertThat(seen).isSubsetOf(1, 5, 2).contains(1, 5);
    }

    @Test
    void shouldReadLogitsAtAnOffset() {
        float[] two = new float[12];
        System.arraycopy(LOGITS, 0, two, 6, 6);
        assertThat(new Sampler(SamplingParams.greedy()).sample(two, 6, 6)).isEqualTo(1);
    }

    @Test
    void shouldRefuseOutOfRangeParameters() {
        assertThatThrownBy(() -> new SamplingParams(-0.1f, 1f, 0)).hasMessageContaining("temperature");
        assertThatThrownBy(() -> new SamplingParams(1f, 0f, 0)).hasMessageContaining("top_p");
        assertThatThrownBy(() -> new SamplingParams(Float.NaN, 1f, 0)).hasMessageContaining("temperature");
    }
}
