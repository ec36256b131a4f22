package org.atomdoe.descriptor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.atomdoe.neighbors.CellList;
import org.atomdoe.structure.Cell;
import org.atomdoe.structure.Structure;
import org.junit.jupiter.api.Test;

/** Spec parsing, labels against DScribe's feature files, settings JSON, aggregation and the threaded engine. */
class DescriptorApiTest {

    @Test
    void specsParse() {
        Descriptor soap = DescriptorSpecs.parse("soap:rcut=5,nmax=8,lmax=6,sigma=1", List.of("In", "P"));
        assertEquals(952, soap.featureCount());
        assertEquals(5.0 + Math.sqrt(-2 * Math.log(1e-3)), soap.cutoff(), 1e-12);
        assertEquals("soap[P-P n=0 n'=0 l=0]", soap.labels().get(0));
        Descriptor acsf = DescriptorSpecs.parse("acsf:r_cut=5", List.of("W"));
        assertEquals(27, acsf.featureCount());
        Descriptor acsfB = DescriptorSpecs.parse("acsf:rcut=5,g2=0.5/2.0;1.0/2.5;1.0/3.5;2.0/4.0,g3=1.0;2.5,g4=0.01/1/1;0.05/2/-1,g5=0.01/1/-1;0.05/4/1,species=In+P", List.of("Si"));
        assertEquals(26, acsfB.featureCount());
        Descriptor radial = DescriptorSpecs.parse("radial:rcut=4.5,nmax=6,periodic=false", List.of("Si", "Ge"));
        assertEquals(24, radial.featureCount());
        assertEquals("radial[Si-Ge k=5]", radial.labels().get(11));
        SoapSettings st = (SoapSettings) DescriptorSpecs.parse("soap:rbf=polynomial,average=inner,normalize=true", List.of("Si")).settings();
        assertEquals("polynomial", st.rbf());
        assertEquals("inner", st.average());
        assertTrue(st.normalize());
        assertThrows(IllegalArgumentException.class, () -> DescriptorSpecs.parse("soap:rcut=5,nmx=8", List.of("Si")));
        assertThrows(IllegalArgumentException.class, () -> DescriptorSpecs.parse("bessel:rcut=5", List.of("Si")));
        assertThrows(IllegalArgumentException.class, () -> DescriptorSpecs.parse("soap:rcut=five", List.of("Si")));
        assertThrows(IllegalArgumentException.class, () -> DescriptorSpecs.parse("acsf:g4=0.1/1", List.of("Si")));
        assertThrows(IllegalArgumentException.class, () -> DescriptorSpecs.parse("soap:rbf=bessel", List.of("Si")));
        assertThrows(IllegalArgumentException.class, () -> DescriptorSpecs.parse("soap", List.of("Xx")));
    }

    @Test
    void registryAcceptsNewDescriptors() {
        DescriptorSpecs.register("radial2", (o, sp) -> new PairRadialBasis(new RadialSettings(o.real("rcut", 3.0), 2, sp, true)));
        assertTrue(DescriptorSpecs.names().contains("radial2"));
        assertEquals(3.5, DescriptorSpecs.parse("radial2:rcut=3.5", List.of("Si")).cutoff());
    }

    @Test
    void labelsFollowDscribeFeatureFiles() throws Exception {
        Descriptor soap = new SoapPowerSpectrum(SoapSettings.of(5.0, 8, 6, 1.0, List.of("In", "P")));
        List<String> expected = new ArrayList<>();
        for (String line : Files.readAllLines(DscribeReference.resource("features_soap_gto_PIn.txt"))) {
            if (line.startsWith("#")) continue;
            String[] f = line.trim().split("\\s+");
            String z1 = f[1].equals("15") ? "P" : "In", z2 = f[2].equals("15") ? "P" : "In";
            expected.add("soap[" + z1 + "-" + z2 + " n=" + f[4] + " n'=" + f[5] + " l=" + f[3] + "]");
        }
        assertEquals(expected, soap.labels());
        Descriptor acsf = new Acsf(DscribeReference.acsfB(List.of("In", "P")));
        List<String> types = new ArrayList<>();
        for (String line : Files.readAllLines(DscribeReference.resource("features_acsf_B_PIn.txt"))) {
            if (line.startsWith("#")) continue;
            String[] f = line.trim().split("\\s+");
            String z = f[2].equals("15") ? "P" : "In";
            if (f[1].equals("G4") || f[1].equals("G5")) z += "-" + (f[3].equals("15") ? "P" : "In");
            types.add(f[1] + " " + z);
        }
        List<String> ours = acsf.labels().stream().map(l -> l.substring(5, l.indexOf(' ', 8) < 0 ? l.length() - 1 : l.indexOf(' ', 8))).toList();
        assertEquals(types, ours);
    }

    @Test
    void settingsRoundTripThroughJson() throws Exception {
        ObjectMapper json = new ObjectMapper();
        SoapSettings soap = new SoapSettings(5, 8, 6, 1, "gto", "inner", true, List.of("In", "P"), false);
        String text = json.writeValueAsString(soap);
        assertTrue(text.contains("\"r_cut\":5.0") && text.contains("\"n_max\":8") && text.contains("\"l_max\":6"), text);
        assertEquals(soap, json.readValue(text, SoapSettings.class));
        AcsfSettings acsf = DscribeReference.acsfB(List.of("Si"));
        String a = json.writeValueAsString(acsf);
        assertTrue(a.contains("\"g2_params\":[[0.5,2.0]"), a);
        assertEquals(a, json.writeValueAsString(json.readValue(a, AcsfSettings.class)));
        RadialSettings r = new RadialSettings(5, 8, List.of("W"), true);
        assertEquals(r, json.readValue(json.writeValueAsString(r), RadialSettings.class));
    }

    @Test
    void aggregations() {
        double[] rows = {1, 2, 3, 4, 5, 6}; // 3 atoms x 2 features
        int[] ch = {1, 0, 1};
        double[] out = new double[6];
        Aggregation.SUM.apply(rows, 3, 2, null, 2, out, 0);
        assertArrayEquals(new double[] {9, 12}, java.util.Arrays.copyOf(out, 2));
        Aggregation.MEAN.apply(rows, 3, 2, null, 2, out, 0);
        assertArrayEquals(new double[] {3, 4}, java.util.Arrays.copyOf(out, 2));
        Aggregation.SPECIES_SUM.apply(rows, 3, 2, ch, 2, out, 0);
        assertArrayEquals(new double[] {1, 3, 4, 2, 6, 8}, out);
        assertEquals(6, Aggregation.SPECIES_SUM.width(2, 2));
        assertEquals(Aggregation.SPECIES_SUM, Aggregation.parse("species-sum"));
        assertEquals(List.of("count[P]", "P:a", "P:b", "count[In]", "In:a", "In:b"),
                Aggregation.SPECIES_SUM.labels(List.of("a", "b"), SpeciesChannels.of(List.of("In", "P"))));
    }

    static Structure randomBox(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double a = 3.0 * Math.cbrt(n / 2.0);
        String[] sym = new String[n];
        double[] x = new double[n], y = new double[n], z = new double[n];
        for (int i = 0; i < n; i++) {
            sym[i] = i % 3 == 0 ? "P" : "In";
            x[i] = a * rnd.nextDouble();
            y[i] = a * rnd.nextDouble();
            z[i] = a * rnd.nextDouble();
        }
        return Structure.of(Cell.orthorhombic(a, a, a), new boolean[] {true, true, true}, sym, x, y, z);
    }

    @Test
    void engineIsDeterministicOverThreads() {
        Descriptor d = new Acsf(DscribeReference.acsfA(List.of("In", "P")));
        List<Structure> pool = List.of(randomBox(1300, 1), randomBox(40, 2), DscribeReference.structure("InP_shear_8atom"), randomBox(90, 3));
        List<double[]> one, two;
        try (DescriptorCalculator c1 = new DescriptorCalculator(d, 1); DescriptorCalculator c2 = new DescriptorCalculator(d, 2)) {
            one = c1.perAtom(pool);
            two = c2.perAtom(pool);
            double[] agg = c2.aggregate(pool, Aggregation.SPECIES_SUM, SpeciesChannels.of(List.of("In", "P")));
            int w = Aggregation.SPECIES_SUM.width(d.featureCount(), 2);
            double[] expect = new double[w];
            Aggregation.SPECIES_SUM.apply(one.get(3), 90, d.featureCount(), SpeciesChannels.of(List.of("In", "P")).atomChannels(pool.get(3)), 2, expect, 0);
            assertArrayEquals(expect, java.util.Arrays.copyOfRange(agg, 3 * w, 4 * w));
        }
        for (int k = 0; k < pool.size(); k++) {
            assertArrayEquals(one.get(k), two.get(k), "structure " + k);
            double[] direct = new double[one.get(k).length];
            Structure s = pool.get(k);
            d.compute(s, CellList.of(s, d.cutoff(), false), direct);
            assertArrayEquals(direct, one.get(k), "structure " + k);
        }
    }

    @Test
    void capabilitiesAreDeclaredByTheDescriptors() {
        List<String> ta = List.of("Ta");
        for (String spec : List.of("snap:twojmax=4", "soap:rcut=4,nmax=3,lmax=2,sigma=1", "acsf:rcut=5", "radial:rcut=5,nmax=4")) {
            Descriptor d = DescriptorSpecs.parse(spec, ta);
            assertTrue(d.isAtomwise(), spec + " splits by atoms");
            assertTrue(d.periodic(), spec + " periodic by default");
            assertEquals(d.name().equals("snap"), ((DifferentiableDescriptor) d).handsOverPerCentre(), spec);
        }
        Descriptor inner = DescriptorSpecs.parse("soap:rcut=4,nmax=3,lmax=2,sigma=1,average=inner", ta);
        assertTrue(!inner.isAtomwise(), "SOAP average=inner computes whole structures");
        assertThrows(UnsupportedOperationException.class, () -> new ToyWhole().computeAtoms(null, null, 0, 1, new double[1]));
        for (String spec : List.of("soap:rcut=4,nmax=3,lmax=2,sigma=1,periodic=false", "acsf:rcut=5,periodic=false", "radial:rcut=5,nmax=4,periodic=false")) {
            assertTrue(!DescriptorSpecs.parse(spec, ta).periodic(), spec);
        }
    }

    /** A descriptor that only computes whole structures: the interface's defaults. */
    private static final class ToyWhole implements Descriptor {
        public String name() { return "whole"; }
        public int featureCount() { return 1; }
        public List<String> labels() { return List.of("n"); }
        public double cutoff() { return 1; }
        public Object settings() { return null; }
        public void compute(Structure s, org.atomdoe.neighbors.NeighborList nl, double[] out) { }
    }

    @Test
    void nonPeriodicSettingIgnoresImages() {
        Structure s = DscribeReference.structure("Ta_elastic_bcc_2atom");
        Descriptor d = DescriptorSpecs.parse("radial:rcut=5,nmax=4,periodic=false", List.of("Ta"));
        try (DescriptorCalculator c = new DescriptorCalculator(d, 1)) {
            double[] rows = c.perAtom(s);
            double r = Math.sqrt(Math.pow(s.x()[1] - s.x()[0], 2) + Math.pow(s.y()[1] - s.y()[0], 2) + Math.pow(s.z()[1] - s.z()[0], 2));
            assertEquals(DescriptorKernels.cutoff(r, 5.0), rows[0], 1e-14); // one neighbour only
        }
    }

    @Test
    void badInputIsRejected() {
        Structure s = DscribeReference.structure("InP_shear_8atom");
        Descriptor d = new SoapPowerSpectrum(SoapSettings.of(5, 4, 3, 1, List.of("Si")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> d.compute(s, CellList.of(s, d.cutoff(), false), new double[s.natoms() * d.featureCount()]));
        assertTrue(e.getMessage().contains("not one of the descriptor species"), e.getMessage());
        Descriptor ok = new SoapPowerSpectrum(SoapSettings.of(5, 4, 3, 1, List.of("In", "P")));
        assertThrows(IllegalArgumentException.class, () -> ok.compute(s, CellList.of(s, 5.0, false), new double[s.natoms() * ok.featureCount()]));
        assertThrows(IllegalArgumentException.class, () -> new SoapSettings(5, 0, 3, 1, "gto", "off", true, List.of("Si"), false));
    }
}
