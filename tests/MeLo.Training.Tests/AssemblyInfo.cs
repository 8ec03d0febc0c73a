// Training saturates the cores; tests run one at a time so that timings and memory readings mean something.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
