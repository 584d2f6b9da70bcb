using System.Runtime.InteropServices;
using System.Text;

namespace CustomerService.Tests.Infrastructure.Kafka;

/// <summary>
/// librdkafka's built-in mock cluster: Kafka brokers speaking the real protocol on 127.0.0.1, in this process, so
/// the transport tests need no broker install. It is experimental in librdkafka and its control API
/// (<c>rdkafka_mock.h</c>) is not part of Confluent.Kafka, so it is reached here, in test code only, through the
/// same native library Confluent.Kafka loaded: a handle of our own owns the cluster, which lets a test create a
/// topic with the partitions it wants and take brokers down and bring them back with their data intact (a broker
/// set down closes its connections and refuses new ones; its partitions' logs stay in memory).
/// </summary>
public sealed class MockKafkaCluster : IDisposable
{
    private readonly Native _native;
    private readonly IntPtr _handle;
    private readonly IntPtr _cluster;

    public MockKafkaCluster(int brokers)
    {
        _native = Native.Instance.Value;
        var errors = new byte[512];
        var conf = _native.ConfNew();
        _native.ConfSet(conf, "log_level", "3", errors, (UIntPtr)errors.Length);
        _handle = _native.New(0 /* RD_KAFKA_PRODUCER */, conf, errors, (UIntPtr)errors.Length);
        if (_handle == IntPtr.Zero) throw new InvalidOperationException($"rd_kafka_new failed: {Encoding.UTF8.GetString(errors).TrimEnd('\0')}");
        _cluster = _native.MockClusterNew(_handle, brokers);
        if (_cluster == IntPtr.Zero) throw new InvalidOperationException("rd_kafka_mock_cluster_new failed.");
        BrokerIds = Enumerable.Range(1, brokers).ToArray();
        BootstrapServers = Marshal.PtrToStringUTF8(_native.MockClusterBootstraps(_cluster))!;
    }

    /// <summary><c>127.0.0.1:port,…</c>, what ConnectionStrings:Kafka is given.</summary>
    public string BootstrapServers { get; }

    /// <summary>The mock brokers' ids (1…n).</summary>
    public IReadOnlyList<int> BrokerIds { get; }

    public void CreateTopic(string topic, int partitions, int replicationFactor) =>
        Check(_native.MockTopicCreate(_cluster, topic, partitions, replicationFactor), $"create topic {topic}");

    /// <summary>Every broker down: connections closed, new ones refused. Nothing is forgotten.</summary>
    public void TakeDown()
    {
        foreach (var id in BrokerIds) Check(_native.MockBrokerSetDown(_cluster, id), $"set broker {id} down");
    }

    public void BringBack()
    {
        foreach (var id in BrokerIds) Check(_native.MockBrokerSetUp(_cluster, id), $"set broker {id} up");
    }

    private static void Check(int error, string what)
    {
        if (error != 0) throw new InvalidOperationException($"librdkafka mock: {what} failed with error {error}.");
    }

    public void Dispose()
    {
        _native.MockClusterDestroy(_cluster);
        _native.Destroy(_handle);
    }

    /// <summary>The C functions, resolved in the librdkafka that Confluent.Kafka loaded (one copy per process).</summary>
    private sealed class Native
    {
        public static readonly Lazy<Native> Instance = new(() => new Native());

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate IntPtr ConfNewFn();
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate int ConfSetFn(IntPtr conf, [MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, byte[] errstr, UIntPtr size);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate IntPtr NewFn(int type, IntPtr conf, byte[] errstr, UIntPtr size);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate void DestroyFn(IntPtr handle);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate IntPtr MockClusterNewFn(IntPtr handle, int brokers);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate IntPtr MockClusterBootstrapsFn(IntPtr cluster);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate void MockClusterDestroyFn(IntPtr cluster);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate int MockTopicCreateFn(IntPtr cluster, [MarshalAs(UnmanagedType.LPUTF8Str)] string topic, int partitions, int replicationFactor);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate int MockBrokerFn(IntPtr cluster, int brokerId);

        public ConfNewFn ConfNew { get; }
        public ConfSetFn ConfSet { get; }
        public NewFn New { get; }
        public DestroyFn Destroy { get; }
        public MockClusterNewFn MockClusterNew { get; }
        public MockClusterBootstrapsFn MockClusterBootstraps { get; }
        public MockClusterDestroyFn MockClusterDestroy { get; }
        public MockTopicCreateFn MockTopicCreate { get; }
        public MockBrokerFn MockBrokerSetDown { get; }
        public MockBrokerFn MockBrokerSetUp { get; }

        private Native()
        {
            Confluent.Kafka.Library.Load();
            // Confluent.Kafka picks its native build at run time (on Debian 12 the bundled centos8 one, as the default
            // needs libsasl2): whichever it is, it is mapped in this process, and loading the same path again returns it.
            var path = File.ReadLines("/proc/self/maps").Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Where(f => f.Length >= 6 && f[5].Contains("librdkafka", StringComparison.Ordinal)).Select(f => f[5]).FirstOrDefault()
                ?? throw new InvalidOperationException("Confluent.Kafka's librdkafka is not mapped in this process.");
            var library = NativeLibrary.Load(path);
            T Fn<T>(string name) where T : Delegate => Marshal.GetDelegateForFunctionPointer<T>(NativeLibrary.GetExport(library, name));
            ConfNew = Fn<ConfNewFn>("rd_kafka_conf_new");
            ConfSet = Fn<ConfSetFn>("rd_kafka_conf_set");
            New = Fn<NewFn>("rd_kafka_new");
            Destroy = Fn<DestroyFn>("rd_kafka_destroy");
            MockClusterNew = Fn<MockClusterNewFn>("rd_kafka_mock_cluster_new");
            MockClusterBootstraps = Fn<MockClusterBootstrapsFn>("rd_kafka_mock_cluster_bootstraps");
            MockClusterDestroy = Fn<MockClusterDestroyFn>("rd_kafka_mock_cluster_destroy");
            MockTopicCreate = Fn<MockTopicCreateFn>("rd_kafka_mock_topic_create");
            MockBrokerSetDown = Fn<MockBrokerFn>("rd_kafka_mock_broker_set_down");
            MockBrokerSetUp = Fn<MockBrokerFn>("rd_kafka_mock_broker_set_up");
        }
    }
}
