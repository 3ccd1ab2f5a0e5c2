/**
 * The plugin test kit: what a plugin's tests need from the platform, in one jar to add with test scope.
 * <ul>
 * <li>contract tests to extend, one per plugin kind: {@link io.modelfleet.testkit.DataSourceContract},
 * {@link io.modelfleet.testkit.SolutionTypeContract}, {@link io.modelfleet.testkit.TrainingBackendContract},
 * {@link io.modelfleet.testkit.DeploymentTargetContract};</li>
 * <li>the contexts the platform hands a plugin: {@link io.modelfleet.testkit.RecordingContext} (training),
 * {@link io.modelfleet.testkit.CollectingImportContext} (imports);</li>
 * <li>the services a plugin receives: {@link io.modelfleet.testkit.ConfigAnnotations} (its DS configuration),
 * {@link io.modelfleet.testkit.TestManifestSigning} (the server's manifest signing);</li>
 * <li>the world it runs in: {@link io.modelfleet.testkit.FelixHarness} (a plain OSGi framework with SCR),
 * {@link io.modelfleet.testkit.KubernetesMockCluster} (a Kubernetes API server), and
 * {@link io.modelfleet.testkit.BundleJars} (bundle jars and archives built in memory).</li>
 * </ul>
 * Harnesses needing a third-party library (Felix, fabric8) declare it optional: the module using one declares it.
 */
package io.modelfleet.testkit;
