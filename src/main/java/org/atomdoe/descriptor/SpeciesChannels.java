package org.atomdoe.descriptor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import org.atomdoe.structure.Elements;
import org.atomdoe.structure.Structure;

/**
 * The species channels of a descriptor: the user's species list, deduplicated and sorted by
 * atomic number whatever order it was given in (DScribe's convention: for In and P, channel 0 is
 * P (Z = 15), channel 1 is In (Z = 49)).
 */
public final class SpeciesChannels {
    private final List<String> symbols;
    private final int[] numbers;

    private SpeciesChannels(List<String> symbols) {
        this.symbols = List.copyOf(symbols);
        this.numbers = symbols.stream().mapToInt(Elements::atomicNumber).toArray();
    }

    /** Channels for {@code species} (element symbols, any order, duplicates ignored). */
    public static SpeciesChannels of(List<String> species) {
        if (species == null || species.isEmpty()) {
            throw new IllegalArgumentException("a descriptor needs a non-empty species list, e.g. [\"Si\"]");
        }
        List<String> unique = new ArrayList<>(new LinkedHashSet<>(species));
        for (String s : unique) {
            if (!Elements.isElement(s)) throw new IllegalArgumentException("'" + s + "' is not an element symbol");
        }
        unique.sort(Comparator.comparingInt(Elements::atomicNumber));
        return new SpeciesChannels(unique);
    }

    /** Number of channels. */
    public int size() {
        return symbols.size();
    }

    /** Symbols in channel order (ascending Z). */
    public List<String> symbols() {
        return symbols;
    }

    public String symbol(int channel) {
        return symbols.get(channel);
    }

    public int atomicNumber(int channel) {
        return numbers[channel];
    }

    /** Channel of each atom of {@code s}; IllegalArgumentException naming a species outside the list. */
    public int[] atomChannels(Structure s) {
        String[] table = s.speciesSymbols();
        int[] map = new int[table.length];
        for (int k = 0; k < table.length; k++) map[k] = symbols.indexOf(table[k]);
        int[] sp = s.species();
        int[] out = new int[sp.length];
        for (int i = 0; i < sp.length; i++) {
            int c = map[sp[i]];
            if (c < 0) {
                throw new IllegalArgumentException("atom " + i + " is " + table[sp[i]] + ", not one of the descriptor species " + symbols);
            }
            out[i] = c;
        }
        return out;
    }

    @Override
    public String toString() {
        return symbols.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpeciesChannels c && Arrays.equals(numbers, c.numbers);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(numbers);
    }
}
