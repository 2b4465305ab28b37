package digitnet.data;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.Seekable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.compress.CodecPool;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.io.compress.Decompressor;
import org.apache.hadoop.io.compress.SplitCompressionInputStream;
import org.apache.hadoop.io.compress.SplittableCompressionCodec;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.CompressedSplitLineReader;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.SplitLineReader;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.hadoop.mapreduce.lib.input.UncompressedSplitLineReader;

/**
 * Hadoop's text input ({@link TextInputFormat}'s splits, Hadoop's own split-aware line readers,
 * so lines across a split boundary, {@code \r\n} and bzip2 blocks go as Hadoop takes them) with a
 * bound on what a line may cost: of each line at most {@link LineFormat#MAX_LINE_BYTES} + 1 bytes
 * are kept, so a line of any length, an 800 MB line in a small gzip file among them, costs the
 * executor at most that much memory. A line cut short arrives one byte over the limit, so that
 * the reader of the value can tell it apart and refuse it.
 *
 * <p>Hadoop's own reader has a limit too ({@code mapreduce.input.linerecordreader.line.maxlength}),
 * but drops a longer line with a log message: the data trained on would not be the file given.
 * Public because Spark makes the format by reflection, with its public constructor.
 */
public final class BoundedLineInputFormat extends FileInputFormat<NullWritable, Text> {
    /**
     * The most bytes one read of the line reader may consume. Hadoop's {@code LineReader} counts
     * them in an int and throws when a line passes 2 GiB; reading a longer line in pieces keeps
     * the count in range, and its first piece is already far over the limit.
     */
    private static final int MAX_BYTES_A_READ = 1 << 30;
    private static final byte[] BYTE_ORDER_MARK = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /** Splittable as Hadoop's text input: unless compressed by a codec that cannot be split (gzip). */
    @Override
    protected boolean isSplitable(JobContext context, Path file) {
        CompressionCodec codec = new CompressionCodecFactory(context.getConfiguration()).getCodec(file);
        return codec == null || codec instanceof SplittableCompressionCodec;
    }

    @Override
    public RecordReader<NullWritable, Text> createRecordReader(InputSplit split, TaskAttemptContext context) {
        return new BoundedLineRecordReader();
    }

    /** The lines of one split, each one cut to at most {@link LineFormat#MAX_LINE_BYTES} + 1 bytes. */
    static final class BoundedLineRecordReader extends RecordReader<NullWritable, Text> {
        private final Text line = new Text();
        private SplitLineReader in;
        /** Where reading is in the file, as split boundaries count: the compressed bytes of a compressed file. */
        private Seekable filePosition;
        private Decompressor decompressor;
        private boolean compressed;
        private long start;
        private long end;
        /** Bytes of lines consumed, from the start of the (uncompressed) file. */
        private long position;

        @Override
        public void initialize(InputSplit genericSplit, TaskAttemptContext context) throws IOException {
            FileSplit split = (FileSplit) genericSplit;
            Configuration conf = context.getConfiguration();
            start = split.getStart();
            end = start + split.getLength();
            Path file = split.getPath();
            FSDataInputStream fileIn = file.getFileSystem(conf).open(file);
            CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(file);
            filePosition = fileIn;
            if (codec == null) {
                fileIn.seek(start);
                in = new UncompressedSplitLineReader(fileIn, conf, null, split.getLength());
            } else {
                compressed = true;
                decompressor = CodecPool.getDecompressor(codec);
                if (codec instanceof SplittableCompressionCodec splittable) {
                    SplitCompressionInputStream blocks = splittable.createInputStream(fileIn, decompressor, start, end,
                            SplittableCompressionCodec.READ_MODE.BYBLOCK);
                    in = new CompressedSplitLineReader(blocks, conf, null);
                    start = blocks.getAdjustedStart();
                    end = blocks.getAdjustedEnd();
                    filePosition = blocks;
                } else {
                    in = new SplitLineReader(codec.createInputStream(fileIn, decompressor), conf, null);
                }
            }
            // The line that began before this split is the previous split's (each split reads one line past its end).
            if (start != 0) {
                start += in.readLine(new Text(), 0, MAX_BYTES_A_READ);
            }
            position = start;
        }

        @Override
        public boolean nextKeyValue() throws IOException {
            if (filePosition() > end && !in.needAdditionalRecordAfterSplit()) {
                return false;
            }
            boolean first = position == 0;
            // The first line may begin with a UTF-8 byte order mark, which Hadoop drops and so does this.
            int consumed = in.readLine(line, LineFormat.MAX_LINE_BYTES + 1 + (first ? BYTE_ORDER_MARK.length : 0),
                    MAX_BYTES_A_READ);
            position += consumed;
            if (first && startsWithByteOrderMark(line)) {
                byte[] rest = line.copyBytes();
                line.set(rest, BYTE_ORDER_MARK.length, rest.length - BYTE_ORDER_MARK.length);
            }
            return consumed > 0;
        }

        @Override
        public NullWritable getCurrentKey() {
            return NullWritable.get();
        }

        @Override
        public Text getCurrentValue() {
            return line;
        }

        @Override
        public float getProgress() throws IOException {
            return start == end ? 0 : Math.min(1, (filePosition() - start) / (float) (end - start));
        }

        @Override
        public void close() throws IOException {
            try {
                if (in != null) {
                    in.close();
                }
            } finally {
                if (decompressor != null) {
                    CodecPool.returnDecompressor(decompressor);
                    decompressor = null;
                }
            }
        }

        private long filePosition() throws IOException {
            return compressed ? filePosition.getPos() : position;
        }

        private static boolean startsWithByteOrderMark(Text line) {
            byte[] bytes = line.getBytes();
            return line.getLength() >= BYTE_ORDER_MARK.length && bytes[0] == BYTE_ORDER_MARK[0]
                    && bytes[1] == BYTE_ORDER_MARK[1] && bytes[2] == BYTE_ORDER_MARK[2];
        }
    }
}
