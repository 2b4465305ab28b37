package digitnet.compat;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;

/**
 * Kryo's serializer for Java records, named on each record Spark may serialize with
 * {@code @DefaultSerializer(KryoRecords.class)}. Many clusters set
 * {@code spark.serializer=org.apache.spark.serializer.KryoSerializer}, and then Spark serializes
 * task results, broadcasts, shuffled and spilled rows and {@code parallelize}d data with Kryo
 * instead of Java serialization. The Kryo of Spark 3.5 and 4 (4.0) writes an object's fields
 * through {@code Unsafe} field offsets, which the JDK refuses for a record's fields, so every
 * record failed ("can't get field offset on a record class"). A record is its components: this
 * writes them in order, each as Kryo writes any object, and reads a record back through its
 * canonical constructor, which also runs the record's own checks.
 */
public final class KryoRecords<T extends Record> extends Serializer<T> {
    private final RecordComponent[] components;
    private final Constructor<T> canonical;

    /** Called by Kryo, once per record class it meets. */
    public KryoRecords(Kryo kryo, Class<T> type) {
        components = type.getRecordComponents();
        try {
            canonical = type.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            canonical.setAccessible(true);
            for (RecordComponent c : components) {
                c.getAccessor().setAccessible(true);
            }
        } catch (NoSuchMethodException e) {
            throw new KryoException("record " + type.getName() + " has no canonical constructor", e);
        }
    }

    @Override
    public void write(Kryo kryo, Output output, T record) {
        for (RecordComponent c : components) {
            try {
                kryo.writeClassAndObject(output, c.getAccessor().invoke(record));
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new KryoException("cannot read " + c.getName() + " of " + record.getClass().getName(), e);
            }
        }
    }

    @Override
    public T read(Kryo kryo, Input input, Class<T> type) {
        Object[] values = new Object[components.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = kryo.readClassAndObject(input);
        }
        try {
            return canonical.newInstance(values);
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
            throw new KryoException("cannot make a " + type.getName(), e);
        }
    }
}
