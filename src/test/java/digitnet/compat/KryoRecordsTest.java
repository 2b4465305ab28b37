package digitnet.compat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.esotericsoftware.kryo.DefaultSerializer;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import scala.reflect.ClassTag;

/** Records through Spark's own Kryo serializer, as a cluster set to Kryo runs it. */
class KryoRecordsTest {
    @DefaultSerializer(KryoRecords.class)
    record Inner(String name, double weight) implements Serializable {}

    @DefaultSerializer(KryoRecords.class)
    record Outer(int label, byte[] pixels, Inner inner, List<Inner> more, Object none) implements Serializable {}

    @DefaultSerializer(KryoRecords.class)
    record Checked(int rows) implements Serializable {
        Checked {
            if (rows < 0) {
                throw new IllegalArgumentException("rows " + rows);
            }
        }
    }

    /** An ordinary record: what every record was under Kryo before. */
    record Unmarked(int rows) implements Serializable {}

    private static final SerializerInstance KRYO = new KryoSerializer(new SparkConf()).newInstance();

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) {
        ClassTag<Object> any = ClassTag.apply(Object.class);
        return (T) KRYO.deserialize(KRYO.serialize(value, any), any);
    }

    @Test
    void componentsOfEveryKindComeBackEqual() {
        Outer before = new Outer(7, new byte[] {0, 5, (byte) 255}, new Inner("a", 0.25),
                new ArrayList<>(List.of(new Inner("b", -1), new Inner("c", Double.MIN_VALUE))), null);
        Outer after = roundTrip(before);
        assertEquals(7, after.label());
        assertArrayEquals(before.pixels(), after.pixels());
        assertEquals(before.inner(), after.inner());
        assertEquals(before.more(), after.more());
        assertEquals(null, after.none());
    }

    @Test
    void aRecordIsReadThroughItsCanonicalConstructor() {
        assertEquals(new Checked(3), roundTrip(new Checked(3)));
    }

    @Test
    void withoutItKryoRefusesARecord() {
        // If a later Kryo writes records itself, this fails and the annotations can go.
        assertThrows(RuntimeException.class, () -> roundTrip(new Unmarked(3)));
    }
}
