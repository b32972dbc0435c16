/**
 * What every running module shares, free of any engine: the class-path model zoo
 * ({@link dev.heritage.runtime.ClasspathModelZoo}) and the local cache folder
 * ({@link dev.heritage.runtime.HeritageCache}) it unpacks into, and who owns Deep Java Library's global
 * settings while Heritage loads a model ({@link dev.heritage.runtime.DjlSettings}). Internal: for engine
 * and library modules, not applications.
 */
package dev.heritage.runtime;
