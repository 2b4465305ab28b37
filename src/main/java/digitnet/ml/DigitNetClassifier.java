package digitnet.ml;

import digitnet.data.Augmentation;
import digitnet.train.EarlyStopping;
import digitnet.train.Init;
import digitnet.train.LearningRate;
import digitnet.train.OptimizerSettings;
import digitnet.train.TrainSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;

/**
 * digitnet's network as a Spark ML estimator: {@code fit} trains on a DataFrame of 784-pixel
 * feature vectors and digit labels, through the same training run as the {@code train} command,
 * and gives a {@link DigitNetClassificationModel}.
 *
 * <p>Every {@code train} setting is a param with a camelCase setter, and its default is the
 * command line's, read from the same {@code digitnet.properties}: {@code setHidden} is
 * {@code --hidden}, {@code setMaxIter} {@code --iterations}, {@code setStepSize}
 * {@code --learning-rate}, {@code setInitialModel} {@code --init-from}, and so on, with one
 * exception: {@code devRows} defaults to 0, as no Spark estimator holds rows out unless asked
 * ({@code train --dev-rows} defaults to 1000). The dev set is either the rows marked true in
 * {@code validationIndicatorCol}, or, when that is not set, {@code devRows} rows chosen with the
 * seed exactly as {@code train --dev-rows} chooses them.
 *
 * <p>With {@code checkpointDir} set, fit keeps checkpoints there (any Hadoop path) as
 * {@code train} keeps them in its run folder, every {@code checkpointInterval} iterations and
 * at the end, and a later fit with the same {@code checkpointDir} resumes from the latest one:
 * see {@link FitCheckpoints} for when it may. Of the other run options, {@code --partitions}
 * has no param: the DataFrame's partitioning is used, and it does not change the model.
 */
public final class DigitNetClassifier
        extends ProbabilisticClassifier<Vector, DigitNetClassifier, DigitNetClassificationModel>
        implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    /** The {@code checkpointInterval} that turns checkpoints off, as in Spark's own estimators. */
    static final int CHECKPOINTS_OFF = -1;

    /** The command line's defaults, built into the jar from conf/digitnet.properties. */
    private static final Properties DEFAULTS = builtInDefaults();

    private String uid;

    public DigitNetClassifier() {
        this(Uids.take("digitNetClassifier"));
    }

    public DigitNetClassifier(String uid) {
        this(Uids.handOver(uid));
    }

    private DigitNetClassifier(Uids.Token token) {
        uid();
        setDefault(hidden, intDefault("hidden"));
        setDefault(maxIter, intDefault("iterations"));
        setDefault(stepSize, doubleDefault("learning-rate"));
        // Spark's convention, not the command line's: an estimator trains on every row it is given
        // (holding rows out is the tuner's job, or validationIndicatorCol's), so CrossValidator's folds fit.
        setDefault(devRows, 0);
        setDefault(validationIndicatorCol, "");
        setDefault(weightCol, "");
        setDefault(augment, intDefault("augment"));
        setDefault(augmentElastic, Boolean.parseBoolean(DEFAULTS.getProperty("augment-elastic")));
        setDefault(seed, Long.parseLong(DEFAULTS.getProperty("seed")));
        setDefault(init, DEFAULTS.getProperty("init"));
        setDefault(initialModel, "");
        setDefault(optimizer, DEFAULTS.getProperty("optimizer"));
        setDefault(momentum, doubleDefault("momentum"));
        setDefault(beta1, doubleDefault("beta1"));
        setDefault(beta2, doubleDefault("beta2"));
        setDefault(epsilon, doubleDefault("epsilon"));
        setDefault(lbfgsHistory, intDefault("lbfgs-history"));
        setDefault(weightDecay, doubleDefault("weight-decay"));
        setDefault(lrSchedule, DEFAULTS.getProperty("lr-schedule"));
        setDefault(lrStepEvery, intDefault("lr-step-every"));
        setDefault(lrStepFactor, doubleDefault("lr-step-factor"));
        setDefault(lrMin, doubleDefault("lr-min"));
        setDefault(lrWarmup, intDefault("lr-warmup"));
        setDefault(patience, intDefault("patience"));
        setDefault(minDelta, doubleDefault("min-delta"));
        setDefault(earlyStopMetric, DEFAULTS.getProperty("early-stop-metric"));
        int checkpointEvery = intDefault("checkpoint-every");
        setDefault(checkpointInterval, checkpointEvery == 0 ? CHECKPOINTS_OFF : checkpointEvery);
        setDefault(checkpointDir, "");
    }

    @Override
    public String uid() {
        if (uid == null) {
            uid = Uids.take("digitNetClassifier");
        }
        return uid;
    }

    // ---- the params: the network, the data, the optimizer, the schedule, early stopping

    private final IntParam hidden = new IntParam(this, "hidden",
            "hidden ReLU units (train --hidden)", ParamValidators.gt(0));
    private final IntParam maxIter = new IntParam(this, "maxIter",
            "full-batch updates; an lbfgs step with its line search counts as one (train --iterations)",
            ParamValidators.gtEq(0));
    private final DoubleParam stepSize = new DoubleParam(this, "stepSize",
            "step size alpha, where lrSchedule starts; unused by lbfgs (train --learning-rate)",
            ParamValidators.gt(0));
    private final IntParam devRows = new IntParam(this, "devRows",
            "rows held out as the dev set, chosen with the seed, when validationIndicatorCol is not set; "
                    + "0 (the default) for none: every row trains (train --dev-rows, whose default is 1000)", ParamValidators.gtEq(0));
    private final Param<String> validationIndicatorCol = new Param<>(this, "validationIndicatorCol",
            "boolean column marking the dev rows (true) instead of the seeded devRows split; empty for none");
    private final Param<String> weightCol = new Param<>(this, "weightCol",
            "numeric column of sample weights, finite and 0 or more: the loss and gradient are sum(w*loss)/sum(w); "
                    + "empty for none, every row weighing 1");
    private final IntParam augment = new IntParam(this, "augment",
            "deformed copies (rotation, scale, shear, shift) each training row also trains as, made on the executors "
                    + "as the rows are cached; never of dev rows; 0 for none (train --augment)",
            ParamValidators.inRange(0, Augmentation.MAX_COPIES));
    private final BooleanParam augmentElastic = new BooleanParam(this, "augmentElastic",
            "whether the copies add Simard's elastic distortion to the affine map (train --augment-elastic)");
    private final LongParam seed = new LongParam(this, "seed",
            "seed of the dev split and of the starting weights (train --seed)");
    private final Param<String> init = new Param<>(this, "init",
            "starting weights: uniform, he or xavier (train --init)", oneOf(Init.values()));
    private final Param<String> initialModel = new Param<>(this, "initialModel",
            "start from these weights: an .npz or a saved model's folder, any Hadoop path; empty for "
                    + "none (train --init-from)");
    private final Param<String> optimizer = new Param<>(this, "optimizer",
            "update rule: gd, momentum, nesterov, adam or lbfgs (train --optimizer)",
            oneOf(OptimizerSettings.Kind.values()));
    private final DoubleParam momentum = new DoubleParam(this, "momentum",
            "momentum and nesterov: the velocity's decay, in [0, 1) (train --momentum)", fraction());
    private final DoubleParam beta1 = new DoubleParam(this, "beta1",
            "adam: decay of the gradient's running mean, in [0, 1) (train --beta1)", fraction());
    private final DoubleParam beta2 = new DoubleParam(this, "beta2",
            "adam: decay of the squared gradient's running mean, in [0, 1) (train --beta2)", fraction());
    private final DoubleParam epsilon = new DoubleParam(this, "epsilon",
            "adam: guard added to the root (train --epsilon)", ParamValidators.gt(0));
    private final IntParam lbfgsHistory = new IntParam(this, "lbfgsHistory",
            "lbfgs: (step, gradient change) pairs remembered (train --lbfgs-history)", ParamValidators.gt(0));
    private final DoubleParam weightDecay = new DoubleParam(this, "weightDecay",
            "L2 penalty L/2*(|W1|^2 + |W2|^2) added to the loss; 0 for none (train --weight-decay)",
            ParamValidators.gtEq(0));
    private final Param<String> lrSchedule = new Param<>(this, "lrSchedule",
            "learning rate over the run: constant, step, cosine or warmup-cosine (train --lr-schedule)",
            oneOf(LearningRate.Schedule.values()));
    private final IntParam lrStepEvery = new IntParam(this, "lrStepEvery",
            "step schedule: iterations between decays (train --lr-step-every)", ParamValidators.gt(0));
    private final DoubleParam lrStepFactor = new DoubleParam(this, "lrStepFactor",
            "step schedule: what each decay multiplies the rate by, in (0, 1] (train --lr-step-factor)",
            ParamValidators.inRange(0, 1, false, true));
    private final DoubleParam lrMin = new DoubleParam(this, "lrMin",
            "cosine schedules: the rate at the last iteration (train --lr-min)", ParamValidators.gtEq(0));
    private final IntParam lrWarmup = new IntParam(this, "lrWarmup",
            "warmup-cosine: iterations of linear growth (train --lr-warmup)", ParamValidators.gt(0));
    private final IntParam patience = new IntParam(this, "patience",
            "stop after this many iterations without a better dev score and keep the best model on dev; "
                    + "0: all iterations, the last weights (train --patience)", ParamValidators.gtEq(0));
    private final DoubleParam minDelta = new DoubleParam(this, "minDelta",
            "the least dev improvement that counts for patience (train --min-delta)", ParamValidators.gtEq(0));
    private final Param<String> earlyStopMetric = new Param<>(this, "earlyStopMetric",
            "the dev score of patience: dev_accuracy or dev_loss (train --early-stop-metric)",
            oneOf(EarlyStopping.Metric.values()));

    private final IntParam checkpointInterval = new IntParam(this, "checkpointInterval",
            "set checkpoint interval (>= 1) or disable checkpoint (-1): a checkpoint into checkpointDir every this "
                    + "many iterations and at the end (train --checkpoint-every; -1 is its 0)",
            (scala.Function1<Object, Object> & Serializable) every -> (Integer) every == CHECKPOINTS_OFF
                    || (Integer) every >= 1);
    private final Param<String> checkpointDir = new Param<>(this, "checkpointDir",
            "folder of this fit's checkpoints, any Hadoop path; a fit finding one of the same rows and params "
                    + "there resumes from it; empty for none");

    public IntParam hidden() {
        return hidden;
    }

    public IntParam maxIter() {
        return maxIter;
    }

    public DoubleParam stepSize() {
        return stepSize;
    }

    public IntParam devRows() {
        return devRows;
    }

    public Param<String> validationIndicatorCol() {
        return validationIndicatorCol;
    }

    public Param<String> weightCol() {
        return weightCol;
    }

    public IntParam augment() {
        return augment;
    }

    public BooleanParam augmentElastic() {
        return augmentElastic;
    }

    public LongParam seed() {
        return seed;
    }

    public Param<String> init() {
        return init;
    }

    public Param<String> initialModel() {
        return initialModel;
    }

    public Param<String> optimizer() {
        return optimizer;
    }

    public DoubleParam momentum() {
        return momentum;
    }

    public DoubleParam beta1() {
        return beta1;
    }

    public DoubleParam beta2() {
        return beta2;
    }

    public DoubleParam epsilon() {
        return epsilon;
    }

    public IntParam lbfgsHistory() {
        return lbfgsHistory;
    }

    public DoubleParam weightDecay() {
        return weightDecay;
    }

    public Param<String> lrSchedule() {
        return lrSchedule;
    }

    public IntParam lrStepEvery() {
        return lrStepEvery;
    }

    public DoubleParam lrStepFactor() {
        return lrStepFactor;
    }

    public DoubleParam lrMin() {
        return lrMin;
    }

    public IntParam lrWarmup() {
        return lrWarmup;
    }

    public IntParam patience() {
        return patience;
    }

    public DoubleParam minDelta() {
        return minDelta;
    }

    public Param<String> earlyStopMetric() {
        return earlyStopMetric;
    }

    public IntParam checkpointInterval() {
        return checkpointInterval;
    }

    public Param<String> checkpointDir() {
        return checkpointDir;
    }

    public DigitNetClassifier setHidden(int value) {
        return (DigitNetClassifier) set(hidden, value);
    }

    public DigitNetClassifier setMaxIter(int value) {
        return (DigitNetClassifier) set(maxIter, value);
    }

    public DigitNetClassifier setStepSize(double value) {
        return (DigitNetClassifier) set(stepSize, value);
    }

    public DigitNetClassifier setDevRows(int value) {
        return (DigitNetClassifier) set(devRows, value);
    }

    public DigitNetClassifier setValidationIndicatorCol(String value) {
        return (DigitNetClassifier) set(validationIndicatorCol, value);
    }

    public DigitNetClassifier setWeightCol(String value) {
        return (DigitNetClassifier) set(weightCol, value);
    }

    public DigitNetClassifier setAugment(int value) {
        return (DigitNetClassifier) set(augment, value);
    }

    public DigitNetClassifier setAugmentElastic(boolean value) {
        return (DigitNetClassifier) set(augmentElastic, value);
    }

    public DigitNetClassifier setSeed(long value) {
        return (DigitNetClassifier) set(seed, value);
    }

    public DigitNetClassifier setInit(String value) {
        return (DigitNetClassifier) set(init, value);
    }

    public DigitNetClassifier setInitialModel(String value) {
        return (DigitNetClassifier) set(initialModel, value);
    }

    public DigitNetClassifier setOptimizer(String value) {
        return (DigitNetClassifier) set(optimizer, value);
    }

    public DigitNetClassifier setMomentum(double value) {
        return (DigitNetClassifier) set(momentum, value);
    }

    public DigitNetClassifier setBeta1(double value) {
        return (DigitNetClassifier) set(beta1, value);
    }

    public DigitNetClassifier setBeta2(double value) {
        return (DigitNetClassifier) set(beta2, value);
    }

    public DigitNetClassifier setEpsilon(double value) {
        return (DigitNetClassifier) set(epsilon, value);
    }

    public DigitNetClassifier setLbfgsHistory(int value) {
        return (DigitNetClassifier) set(lbfgsHistory, value);
    }

    public DigitNetClassifier setWeightDecay(double value) {
        return (DigitNetClassifier) set(weightDecay, value);
    }

    public DigitNetClassifier setLrSchedule(String value) {
        return (DigitNetClassifier) set(lrSchedule, value);
    }

    public DigitNetClassifier setLrStepEvery(int value) {
        return (DigitNetClassifier) set(lrStepEvery, value);
    }

    public DigitNetClassifier setLrStepFactor(double value) {
        return (DigitNetClassifier) set(lrStepFactor, value);
    }

    public DigitNetClassifier setLrMin(double value) {
        return (DigitNetClassifier) set(lrMin, value);
    }

    public DigitNetClassifier setLrWarmup(int value) {
        return (DigitNetClassifier) set(lrWarmup, value);
    }

    public DigitNetClassifier setPatience(int value) {
        return (DigitNetClassifier) set(patience, value);
    }

    public DigitNetClassifier setMinDelta(double value) {
        return (DigitNetClassifier) set(minDelta, value);
    }

    public DigitNetClassifier setEarlyStopMetric(String value) {
        return (DigitNetClassifier) set(earlyStopMetric, value);
    }

    public DigitNetClassifier setCheckpointInterval(int value) {
        return (DigitNetClassifier) set(checkpointInterval, value);
    }

    public DigitNetClassifier setCheckpointDir(String value) {
        return (DigitNetClassifier) set(checkpointDir, value);
    }

    public int getHidden() {
        return (Integer) $(hidden);
    }

    public int getMaxIter() {
        return (Integer) $(maxIter);
    }

    public double getStepSize() {
        return (Double) $(stepSize);
    }

    public int getDevRows() {
        return (Integer) $(devRows);
    }

    public String getValidationIndicatorCol() {
        return $(validationIndicatorCol);
    }

    public String getWeightCol() {
        return $(weightCol);
    }

    public int getAugment() {
        return (Integer) $(augment);
    }

    public boolean getAugmentElastic() {
        return (Boolean) $(augmentElastic);
    }

    public long getSeed() {
        return (Long) $(seed);
    }

    public String getInit() {
        return $(init);
    }

    public String getInitialModel() {
        return $(initialModel);
    }

    public String getOptimizer() {
        return $(optimizer);
    }

    public int getPatience() {
        return (Integer) $(patience);
    }

    public int getCheckpointInterval() {
        return (Integer) $(checkpointInterval);
    }

    public String getCheckpointDir() {
        return $(checkpointDir);
    }

    /**
     * The settings of a {@code train} run with these params: the same record the command line
     * builds from its flags, so equal settings train equal models. The dev set is not among
     * them: {@code devRows} or {@code validationIndicatorCol} chooses it.
     *
     * @throws digitnet.train.InvalidSetting for params that do not fit together, such as
     *     {@code lrMin} above {@code stepSize}
     */
    public TrainSettings trainSettings() {
        return new TrainSettings(getHidden(), getMaxIter(), getSeed(), spelled(Init.values(), $(init)),
                new OptimizerSettings(spelled(OptimizerSettings.Kind.values(), $(optimizer)), (Double) $(momentum),
                        (Double) $(beta1), (Double) $(beta2), (Double) $(epsilon), (Integer) $(lbfgsHistory)),
                new LearningRate(spelled(LearningRate.Schedule.values(), $(lrSchedule)), getStepSize(),
                        (Integer) $(lrStepEvery), (Double) $(lrStepFactor), (Double) $(lrMin), (Integer) $(lrWarmup)),
                (Double) $(weightDecay), new EarlyStopping(getPatience(), (Double) $(minDelta),
                        spelled(EarlyStopping.Metric.values(), $(earlyStopMetric))), getAugment(), getAugmentElastic());
    }

    /**
     * The settings a checkpoint of this fit records, as {@code train} records its flags: keyed by
     * flag name, with the values as the command line prints them, so the two record equal
     * settings alike. The dev set is recorded as {@code dev-rows} for the seeded split, and as
     * {@code validation-indicator-col} when a column marks it (which rows it marks is in the
     * data's checksum).
     */
    Map<String, String> recordedSettings() {
        Map<String, String> recorded = new TreeMap<>();
        for (String key : DEFAULTS.stringPropertyNames()) {
            if (hasParam(paramName(key))) {   // not the run's own options, such as eval-every
                recorded.put(key, String.valueOf($(getParam(paramName(key)))));
            }
        }
        if (!getInitialModel().isEmpty()) {
            recorded.put("init-from", getInitialModel());
        }
        if (!getValidationIndicatorCol().isEmpty()) {
            recorded.remove("dev-rows");
            recorded.put("validation-indicator-col", getValidationIndicatorCol());
        }
        return recorded;
    }

    /** The param that holds the {@code train} setting {@code key} (as in digitnet.properties). */
    static String paramName(String key) {
        return switch (key) {
            case "iterations" -> "maxIter";
            case "learning-rate" -> "stepSize";
            case "init-from" -> "initialModel";
            default -> {
                StringBuilder camel = new StringBuilder();
                for (String word : key.split("-")) {
                    camel.append(camel.length() == 0 ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
                }
                yield camel.toString();
            }
        };
    }

    @Override
    public DigitNetClassificationModel train(Dataset<?> dataset) {
        return DigitNetTraining.fit(this, dataset);
    }

    @Override
    public DigitNetClassifier copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    public static MLReader<DigitNetClassifier> read() {
        return new DefaultParamsReader<>();
    }

    public static DigitNetClassifier load(String path) {
        return read().load(path);
    }

    /** The constant of {@code values} whose command-line spelling is {@code spelling}. */
    static <E extends Enum<E>> E spelled(E[] values, String spelling) {
        for (E e : values) {
            if (e.toString().equals(spelling)) {
                return e;
            }
        }
        throw new IllegalArgumentException(spelling + " is not one of " + Arrays.toString(values));
    }

    private static scala.Function1<String, Object> oneOf(Enum<?>[] values) {
        return ParamValidators.inArray(Arrays.stream(values).map(Enum::toString).toList());
    }

    private static scala.Function1<Object, Object> fraction() {
        return ParamValidators.inRange(0, 1, true, false);
    }

    private static int intDefault(String key) {
        return Integer.parseInt(DEFAULTS.getProperty(key));
    }

    private static double doubleDefault(String key) {
        return Double.parseDouble(DEFAULTS.getProperty(key));
    }

    private static Properties builtInDefaults() {
        Properties p = new Properties();
        try (InputStream in = DigitNetClassifier.class.getResourceAsStream("/digitnet/digitnet.properties")) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks /digitnet/digitnet.properties");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
