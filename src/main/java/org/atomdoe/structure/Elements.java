package org.atomdoe.structure;

import java.util.HashMap;
import java.util.Map;

/**
 * The periodic table as far as atomdoe needs it: element symbol to atomic number and back.
 *
 * <p>Symbols that are not elements (e.g. {@code X} or force-field type labels) are allowed in a
 * structure; they have atomic number 0 and sort after all real elements.
 */
public final class Elements {
    private static final String[] SYMBOLS = {
        "X",
        "H", "He", "Li", "Be", "B", "C", "N", "O", "F", "Ne",
        "Na", "Mg", "Al", "Si", "P", "S", "Cl", "Ar", "K", "Ca",
        "Sc", "Ti", "V", "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn",
        "Ga", "Ge", "As", "Se", "Br", "Kr", "Rb", "Sr", "Y", "Zr",
        "Nb", "Mo", "Tc", "Ru", "Rh", "Pd", "Ag", "Cd", "In", "Sn",
        "Sb", "Te", "I", "Xe", "Cs", "Ba", "La", "Ce", "Pr", "Nd",
        "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb",
        "Lu", "Hf", "Ta", "W", "Re", "Os", "Ir", "Pt", "Au", "Hg",
        "Tl", "Pb", "Bi", "Po", "At", "Rn", "Fr", "Ra", "Ac", "Th",
        "Pa", "U", "Np", "Pu", "Am", "Cm", "Bk", "Cf", "Es", "Fm",
        "Md", "No", "Lr", "Rf", "Db", "Sg", "Bh", "Hs", "Mt", "Ds",
        "Rg", "Cn", "Nh", "Fl", "Mc", "Lv", "Ts", "Og"
    };
    private static final Map<String, Integer> NUMBER = new HashMap<>();

    static {
        for (int z = 1; z < SYMBOLS.length; z++) {
            NUMBER.put(SYMBOLS[z], z);
        }
    }

    private Elements() {}

    /** Atomic number of an element symbol, or 0 when the symbol is not an element. */
    public static int atomicNumber(String symbol) {
        Integer z = NUMBER.get(symbol);
        return z == null ? 0 : z;
    }

    /** Element symbol of atomic number {@code z} (1..118). */
    public static String symbol(int z) {
        if (z < 1 || z >= SYMBOLS.length) {
            throw new IllegalArgumentException("no element with atomic number " + z);
        }
        return SYMBOLS[z];
    }

    /** Whether {@code symbol} names a chemical element. */
    public static boolean isElement(String symbol) {
        return NUMBER.containsKey(symbol);
    }
}
