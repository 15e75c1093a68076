package dev.firebreak.node.engine.tokenizer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/** Splits text at special-token spellings: specials become their ids, the text between is encoded plainly. */
final class SpecialSplitter {

    private SpecialSplitter() {
    }

    static int[] encode(String text, Collection<String> specials, ToIntFunction<String> idOf,
                        Function<String, int[]> plain) {
        List<String> longestFirst = specials.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
        List<Integer> out = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            String match = null;
            if (text.charAt(i) == '<') {
                for (String special : longestFirst) {
                    if (text.startsWith(special, i)) {
                        match = special;
                        break;
                    }
                }
            }
            if (match == null) {
                i++;
                continue;
            }
            for (int t : plain.apply(text.substring(start, i))) {
                out.add(t);
            }
            out.add(idOf.applyAsInt(match));
            i += match.length();
            start = i;
        }
        for (int t : plain.apply(text.substring(start))) {
            out.add(t);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
