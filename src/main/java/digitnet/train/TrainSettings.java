package digitnet.train;

/**
 * Everything besides the data that decides the model. Two runs on the same rows with equal
 * settings produce the same model bits.
 */
public record TrainSettings(int hidden, double learningRate, int iterations, int devRows,
        long seed, Init init) {}
