package digitnet.bench;

import digitnet.nn.Layout;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Writes a Kaggle-format training file of any size for the benchmarks: the bundled real digits
 * first, then copies of them shifted by one to three pixels (a different shift per copy), so the
 * rows are distinct, digit-like and as sparse as MNIST.
 *
 * <pre>MakeBenchData OUT.csv ROWS</pre>
 */
public final class MakeBenchData {
    private static final Path DIGITS = Path.of("data/mnist-10k.csv.gz");
    private static final int SIDE = 28;

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        int rows = Integer.parseInt(args[1]);
        List<String> header = new ArrayList<>();
        List<int[]> digits = read(header);
        int[][] shifts = shifts();
        if (rows > digits.size() * (shifts.length + 1)) {
            throw new IllegalArgumentException("at most " + digits.size() * (shifts.length + 1) + " rows");
        }
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(tmp, StandardCharsets.US_ASCII), 1 << 20)) {
            w.write(header.get(0));
            w.write('\n');
            StringBuilder line = new StringBuilder(4096);
            for (int i = 0; i < rows; i++) {
                int[] digit = digits.get(i % digits.size());
                int copy = i / digits.size();
                int dx = copy == 0 ? 0 : shifts[copy - 1][0];
                int dy = copy == 0 ? 0 : shifts[copy - 1][1];
                line.setLength(0);
                line.append(digit[0]);
                for (int p = 0; p < Layout.PIXELS; p++) {
                    int x = p % SIDE - dx;
                    int y = p / SIDE - dy;
                    boolean inside = x >= 0 && x < SIDE && y >= 0 && y < SIDE;
                    line.append(',').append(inside ? digit[1 + y * SIDE + x] : 0);
                }
                line.append('\n');
                w.append(line);
            }
        }
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Every shift with |dx|, |dy| ≤ 3 except none, nearest first. */
    private static int[][] shifts() {
        List<int[]> s = new ArrayList<>();
        for (int radius = 1; radius <= 3; radius++) {
            for (int dy = -radius; dy <= radius; dy++) {
                for (int dx = -radius; dx <= radius; dx++) {
                    if (Math.max(Math.abs(dx), Math.abs(dy)) == radius) {
                        s.add(new int[] {dx, dy});
                    }
                }
            }
        }
        return s.toArray(new int[0][]);
    }

    private static List<int[]> read(List<String> header) throws IOException {
        List<int[]> digits = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(DIGITS)), StandardCharsets.US_ASCII))) {
            header.add(in.readLine());
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] f = line.split(",");
                int[] v = new int[f.length];
                for (int i = 0; i < f.length; i++) {
                    v[i] = Integer.parseInt(f[i]);
                }
                digits.add(v);
            }
        }
        return digits;
    }
}
