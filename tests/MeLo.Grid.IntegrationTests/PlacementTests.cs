using System.Net;
using MeLo.Serving.Grains.Placement;

namespace MeLo.Grid.IntegrationTests;

/// <summary>How placement ranks serving silos, from the load reports it has (no cluster needed).</summary>
public sealed class PlacementTests
{
    static readonly SiloAddress A = Silo(1), B = Silo(2), C = Silo(3);

    [Fact]
    public void A_silo_where_the_task_is_resident_wins_then_fewer_resident_tasks_then_less_load()
    {
        var (director, _) = Director(
            Report(A, resident: ["x", "y", "z"], load: 0),
            Report(B, resident: ["x", "t"], load: 9),
            Report(C, resident: ["y"], load: 5));
        Assert.Equal([B, C, A], director.Rank([A, B, C], "t", replica: false));
        Assert.Equal([C, B, A], director.Rank([A, B, C], "new", replica: false));
    }

    [Fact]
    public void A_silo_whose_report_is_stale_is_unknown_and_ranks_after_silos_that_report()
    {
        var (director, view) = Director(
            Report(A, resident: ["x"], load: 0, at: DateTime.UtcNow - ServingLoadView.StaleAfter * 2),
            Report(B, resident: ["x", "y"], load: 3));

        Assert.Null(view.Load(A)); // not idle: unknown
        Assert.Equal([B, A], director.Rank([A, B], "t", replica: false));
        Assert.Equal([B, C], director.Rank([C, B], "t", replica: false)); // a silo that never reported is unknown too
    }

    [Fact]
    public void A_silo_with_every_slot_pinned_comes_last_even_when_the_task_is_resident_elsewhere()
    {
        var (director, _) = Director(
            Report(A, resident: ["t"], load: 0, capacity: 2, pinned: 2),
            Report(B, resident: ["u", "v"], load: 8, capacity: 2, pinned: 1));
        Assert.Equal([B, A], director.Rank([A, B], "new", replica: false));
    }

    [Fact]
    public void A_replica_avoids_silos_that_already_host_its_task()
    {
        var (director, view) = Director(Report(A, resident: [], load: 0), Report(B, resident: [], load: 4));
        view.NotePlacement(A, "t");
        Assert.Equal(B, director.Rank([A, B], "t", replica: true).First());
    }

    static (AdapterPlacementDirector Director, ServingLoadView View) Director(params SiloServingReport[] reports)
    {
        var view = new ServingLoadView(TimeProvider.System);
        view.Update(reports);
        return (new AdapterPlacementDirector(null!, null!, view), view);
    }

    static SiloServingReport Report(SiloAddress silo, string[] resident, int load, int capacity = 16, int pinned = 0, DateTime? at = null) => new()
    {
        Silo = silo, ResidentTasks = resident, HostedTasks = resident, QueueLength = load, ReportedAtUtc = at ?? DateTime.UtcNow,
        AdapterCapacity = capacity, PinnedAdapters = pinned,
    };

    static SiloAddress Silo(int n) => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11000 + n), n);
}
