using System.CommandLine;

namespace Chirp.Bench.Support;

/// <summary>Validation helpers for command-line options.</summary>
public static class OptionRules
{
    /// <summary>Makes the parser refuse values of <paramref name="option"/> below <paramref name="minimum"/>.</summary>
    public static Option<T> AtLeast<T>(this Option<T> option, long minimum)
    {
        option.Validators.Add(result =>
        {
            long? value = result.GetValueOrDefault<T>() switch
            {
                int i => i,
                long l => l,
                _ => null,
            };
            if (value < minimum)
            {
                result.AddError($"{option.Name} must be at least {minimum}; got {value}.");
            }
        });
        return option;
    }

    /// <summary>Makes the parser refuse values of <paramref name="option"/> above <paramref name="maximum"/>.</summary>
    public static Option<T> AtMost<T>(this Option<T> option, long maximum)
    {
        option.Validators.Add(result =>
        {
            long? value = result.GetValueOrDefault<T>() switch
            {
                int i => i,
                long l => l,
                _ => null,
            };
            if (value > maximum)
            {
                result.AddError($"{option.Name} must be at most {maximum}; got {value}.");
            }
        });
        return option;
    }
}
