/**
 * @since 0.1.0
 */
export * as Cli from "./Cli.js"

/**
 * @since 0.1.0
 */
export * as Erase from "./Erase.js"

/**
 * @since 0.2.0
 */
export * as Export from "./Export.js"

/**
 * @since 0.1.0
 */
export * as Input from "./Input.js"

/**
 * @since 0.1.0
 */
export * as Journal from "./Journal.js"

/**
 * @since 0.1.0
 */
export * as OutcomeLine from "./OutcomeLine.js"

/**
 * @since 0.2.0
 */
export * as Out from "./Out.js"

/**
 * @since 0.1.0
 */
export * as Progress from "./Progress.js"

/**
 * @since 0.1.0
 */
export * as Report from "./Report.js"
