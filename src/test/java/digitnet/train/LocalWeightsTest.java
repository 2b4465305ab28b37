package digitnet.train;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class LocalWeightsTest {

    @Test
    void aTaskReadsTheDriversArrayThroughASerializedHandle() throws Exception {
        double[] weights = {0.5, -1.25};
        try (LocalWeights handle = LocalWeights.hold(weights)) {
            assertSame(weights, roundTrip(handle).value());
        }
    }

    @Test
    void aHandleOutlivingItsJobSaysSo() throws Exception {
        LocalWeights handle = LocalWeights.hold(new double[3]);
        LocalWeights inATask = roundTrip(handle);
        handle.close();
        assertThrows(IllegalStateException.class, inATask::value);
    }

    @Test
    void eachJobHasItsOwnWeights() {
        double[] first = new double[1];
        double[] second = new double[1];
        try (LocalWeights a = LocalWeights.hold(first); LocalWeights b = LocalWeights.hold(second)) {
            assertSame(first, a.value());
            assertSame(second, b.value());
        }
    }

    /** As Spark ships a task's function: Java serialization. */
    private static LocalWeights roundTrip(LocalWeights handle) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(handle);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (LocalWeights) in.readObject();
        }
    }
}
