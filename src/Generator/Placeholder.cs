namespace AdGen.Generator { internal static class Placeholder { } }
