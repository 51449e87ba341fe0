using System.Collections.Generic;

namespace AdGen.Checking;

/// <summary>
/// Counts the <see cref="KinkMonitor"/> hits of one evaluation: switches the monitor on if it was off, snapshots every
/// site's count, and on <see cref="Stop"/> returns the sites hit since and restores the monitor's previous state.
/// </summary>
internal sealed class KinkHitCounter
{
    private readonly bool _wasEnabled;
    private readonly Dictionary<KinkSite, long> _before = new();

    private KinkHitCounter()
    {
        _wasEnabled = KinkMonitor.IsEnabled;
        foreach (KinkSite site in KinkMonitor.Sites)
        {
            _before[site] = site.Hits;
        }

        KinkMonitor.Enable();
    }

    /// <summary>Starts counting, or returns null when <paramref name="active"/> is false.</summary>
    public static KinkHitCounter? Start(bool active) => active ? new KinkHitCounter() : null;

    /// <summary>Stops counting; returns the hits since <see cref="Start"/> and the sites that had them.</summary>
    public (long Hits, IReadOnlyList<KinkSite> Sites) Stop()
    {
        if (!_wasEnabled)
        {
            KinkMonitor.Disable();
        }

        long hits = 0;
        var sites = new List<KinkSite>();
        foreach (KinkSite site in KinkMonitor.Sites)
        {
            long delta = site.Hits - _before.GetValueOrDefault(site);
            if (delta > 0)
            {
                hits += delta;
                sites.Add(site);
            }
        }

        return (hits, sites);
    }
}
