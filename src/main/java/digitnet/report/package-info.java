/**
 * What runs and evaluations leave for people to read: {@code run.json} and {@code metrics.csv}
 * ({@link digitnet.report.RunRecord}), the evaluation tables ({@link digitnet.report.Evaluation}),
 * the pictures ({@link digitnet.report.LearningCurve}, {@link digitnet.report.ConfusionChart},
 * {@link digitnet.report.DigitSheet}, drawn with JFreeChart and written by
 * {@link digitnet.report.Png}) and the prediction CSV.
 *
 * <p>May use: {@code data}, {@code io}, {@code model}, {@code nn}, {@code train}.
 */
package digitnet.report;
